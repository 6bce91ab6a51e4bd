// Compiles contracts/Registry.sol with the pinned solc npm module (standard JSON, fixed settings) and
// prints one JSON document: the contract's ABI, creation bytecode, deployed bytecode and storage layout.
// Used by scripts/build-contracts and by the reproducible-build test (RegistryBuildIT); keep it pure:
// same source + same solc + same settings => same bytes.
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
const solc = require(path.join(root, 'node_modules', 'solc'));

const source = fs.readFileSync(path.join(__dirname, 'Registry.sol'), 'utf8');
const input = {
  language: 'Solidity',
  sources: { 'Registry.sol': { content: source } },
  settings: {
    // paris: the last fork without PUSH0 (shanghai) and transient storage (cancun), so the bytecode runs on
    // every Besu/Geth/Nethermind PoA network still configured at a London/Paris-era genesis.
    evmVersion: 'paris',
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none' },
    outputSelection: { 'Registry.sol': { Registry: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'storageLayout'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === 'error');
for (const e of out.errors || []) process.stderr.write(e.formattedMessage + '\n');
if (errors.length > 0) process.exit(1);
const c = out.contracts['Registry.sol'].Registry;
const result = {
  contractName: 'Registry',
  compiler: 'solc ' + solc.version(),
  settings: input.settings,
  abi: c.abi,
  bytecode: '0x' + c.evm.bytecode.object,
  deployedBytecode: '0x' + c.evm.deployedBytecode.object,
  storageLayout: c.storageLayout,
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');

// Reference oracle for dpm's UnixFS importer: imports with npm ipfs-unixfs-importer and prints one
// line per argument: "<spec> <cid> <size>".
// Usage: node import.mjs <unixfs-v1-2025|kubo-v1> [--mode] <spec>...
//   gen:N    N bytes where byte i = (i*31) mod 256
//   file:P   the file P
//   dir:P    the directory tree P (files, symlinks, empty directories), rooted at its base name
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import fs from 'node:fs'
import path from 'node:path'

const [profile, ...rest] = process.argv.slice(2)
const withMode = rest[0] === '--mode'
const specs = withMode ? rest.slice(1) : rest

function options () {
  if (profile === 'unixfs-v1-2025') return { profile: 'unixfs-v1-2025' }
  if (profile === 'kubo-v1') {
    return {
      cidVersion: 1,
      rawLeaves: true,
      reduceSingleLeafToSelf: true,
      chunker: fixedSize({ chunkSize: 262144 }),
      layout: balanced({ maxChildrenPerNode: 174 })
    }
  }
  throw new Error('unknown profile ' + profile)
}

// Blocks are not needed, only CIDs.
const nullStore = { put: async (cid) => cid, has: async () => false }

const pattern = new Uint8Array(65536)
for (let i = 0; i < pattern.length; i++) pattern[i] = (i * 31) % 256

async function * generate (n) {
  let left = n
  while (left > 0) {
    const k = Math.min(left, pattern.length)
    yield pattern.slice(0, k)
    left -= k
  }
}

function mode (p) {
  return withMode ? (fs.lstatSync(p).mode & 0o7777) : undefined
}

function * walk (abs, rel) {
  const st = fs.lstatSync(abs)
  if (st.isSymbolicLink()) {
    yield { path: rel, link: fs.readlinkSync(abs), mode: mode(abs) }
  } else if (st.isDirectory()) {
    yield { path: rel, mode: mode(abs) }
    for (const name of fs.readdirSync(abs).sort()) {
      yield * walk(path.join(abs, name), rel + '/' + name)
    }
  } else {
    yield { path: rel, content: fs.createReadStream(abs), mode: mode(abs) }
  }
}

async function run (spec) {
  const [kind, arg] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)]
  let source
  if (kind === 'gen') source = [{ content: generate(Number(arg)) }]
  else if (kind === 'file') source = [{ content: fs.createReadStream(arg), mode: mode(arg) }]
  else if (kind === 'dir') source = walk(arg, path.basename(arg))
  else throw new Error('bad spec ' + spec)
  let last
  for await (const entry of importer(source, nullStore, options())) last = entry
  return last
}

for (const spec of specs) {
  try {
    const r = await run(spec)
    console.log(`${spec} ${r.cid.toString()} ${r.size}`)
  } catch (e) {
    console.log(`${spec} ERROR ${e.name}: ${e.message.replace(/\n/g, ' ')}`)
  }
}

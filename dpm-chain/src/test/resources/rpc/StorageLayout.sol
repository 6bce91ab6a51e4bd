// SPDX-License-Identifier: MIT
// Test contract for SolidityStorage: the compiler's own getters are the oracle for the slot arithmetic.
pragma solidity 0.8.30;

contract StorageLayout {
    struct Release {
        bytes32 digest;
        address publisher;
        uint64 blockNumber;
        bool yanked;
        string version;
    }

    uint256 public counter;                                   // slot 0
    string public shortName;                                  // slot 1
    string public longName;                                   // slot 2
    mapping(address => uint256) public balances;              // slot 3
    mapping(string => Release[]) internal releasesOf;         // slot 4
    mapping(uint256 => string) public labels;                 // slot 5

    constructor() {
        counter = 7;
        shortName = "dpm";
        longName = "a name that is longer than thirty-one bytes, stored out of line";
        balances[0x70997970C51812dc3A010C7d01b50e0d17dc79C8] = 1234;
        releasesOf["hello"].push(Release(keccak256("m1"), msg.sender, 11, false, "1.0-1"));
        releasesOf["hello"].push(Release(keccak256("m2"), msg.sender, 12, true,
            "2.0-1+a-very-long-debian-version-string-over-32-bytes"));
        labels[42] = "answer";
    }

    function releaseCount(string calldata name) external view returns (uint256) {
        return releasesOf[name].length;
    }

    function release(string calldata name, uint256 i)
        external view returns (bytes32, address, uint64, bool, string memory) {
        Release storage r = releasesOf[name][i];
        return (r.digest, r.publisher, r.blockNumber, r.yanked, r.version);
    }
}

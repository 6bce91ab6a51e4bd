// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title dpm package registry
/// @notice The root of trust of dpm: who may publish, and which manifest CID every `name@version` binds to.
///
/// Governance is an M-of-N quorum of admins: every change of admins, threshold, publishers, a package's
/// maintainers (hand-over) or a publisher-wide yank is a proposal that executes only once M distinct
/// current admins approved it. Releases are write-once; a yank marks a release and never deletes it.
///
/// Every state change emits an event carrying all a client needs to rebuild the whole index from the
/// event log alone; a release's manifest bytes ride in its `ReleasePublished` event and the contract
/// checks on chain that they hash to the stored CID, so the event log can be trusted as much as state.
///
/// Reverts carry a reason in words naming the thing at fault ("0x.. is not a maintainer of foo").
contract Registry {
    // ---- limits -------------------------------------------------------------------------------------
    uint256 public constant MAX_NAME_LENGTH = 64;
    uint256 public constant MAX_VERSION_LENGTH = 64;
    uint256 public constant MAX_MANIFEST_BYTES = 65536;
    uint256 public constant MAX_MAINTAINERS = 32;

    // ---- proposal kinds (uint8 on the ABI) ----------------------------------------------------------
    uint8 public constant ADD_PUBLISHER = 0;
    uint8 public constant REMOVE_PUBLISHER = 1;
    uint8 public constant ADD_ADMIN = 2;
    uint8 public constant REMOVE_ADMIN = 3;
    uint8 public constant CHANGE_THRESHOLD = 4;
    uint8 public constant HAND_OVER = 5;
    uint8 public constant YANK_PUBLISHER = 6;

    // ---- proposal status (computed) -----------------------------------------------------------------
    uint8 public constant OPEN = 0;
    uint8 public constant EXECUTED = 1;
    uint8 public constant EXPIRED = 2;

    struct Release {
        bytes32 digest; // sha2-256 of the manifest; the CID is 0x01551220 || digest
        address publisher; // publisher, block and yanked share one slot
        uint64 blockNumber; // 0: never published (a transaction is never in block 0)
        bool yanked;
    }

    /// A maintainership, valid only while `account` has not been removed as publisher since it was granted
    /// (`term` = publisherRemovals[account] at the grant): re-adding a publisher never restores it.
    struct Maintainer {
        address account;
        uint96 term;
    }

    /// An approval, counted only while `admin` has not been removed as admin since it was given
    /// (`term` = adminRemovals[admin] at the approval): re-adding an admin never revives it.
    struct Approval {
        address admin;
        uint96 term;
    }

    struct Package {
        string[] versions; // in publication order
        mapping(bytes32 => Release) byVersion; // keccak(version) => release
        Maintainer[] maintainers; // non-empty once the name exists (entries may be lapsed, see Maintainer)
    }

    struct Proposal {
        uint8 kind;
        bool executed;
        address proposer;
        uint64 createdAt;
        uint64 expiresAt;
        address target;
        uint256 value;
        string name;
        address[] maintainers;
        Approval[] approvers;
    }

    // ---- state --------------------------------------------------------------------------------------
    address[] private adminList;
    mapping(address => uint256) private adminIndex; // index + 1
    uint256 public threshold;
    uint256 public immutable proposalLifetime;

    address[] private publisherList;
    mapping(address => uint256) private publisherIndex; // index + 1
    /// A release of publisher P published at or before block yankedUpTo[P] is yanked (publisher-wide yank).
    mapping(address => uint256) public yankedUpTo;

    mapping(bytes32 => Package) private packages; // keccak(name) => package
    string[] private nameList;

    Proposal[] private proposalList; // id = index + 1

    // Appended after the original layout so that every earlier slot keeps its number.
    /// How many times each address was removed as publisher; ends its maintainerships (see Maintainer).
    mapping(address => uint256) private publisherRemovals;
    /// How many times each address was removed as admin; ends its approvals (see Approval).
    mapping(address => uint256) private adminRemovals;

    // ---- events -------------------------------------------------------------------------------------
    event AdminAdded(address indexed admin, uint256 proposalId);
    event AdminRemoved(address indexed admin, uint256 proposalId);
    event ThresholdChanged(uint256 oldThreshold, uint256 newThreshold, uint256 proposalId);
    event PublisherAdded(address indexed publisher, uint256 proposalId);
    event PublisherRemoved(address indexed publisher, uint256 proposalId);
    event PublisherYanked(address indexed publisher, uint256 upToBlock, uint256 proposalId);
    event MaintainerAdded(string name, address indexed maintainer, address indexed by);
    event MaintainerRemoved(string name, address indexed maintainer, address indexed by);
    event PackageHandedOver(string name, address[] maintainers, uint256 proposalId);
    event ReleasePublished(string name, string version, bytes manifestCid, bytes manifest, address indexed publisher);
    event ReleaseYanked(string name, string version, address indexed by);
    event ProposalCreated(uint256 indexed id, uint8 kind, address target, uint256 value, string name,
        address[] maintainers, address indexed proposer, uint64 expiresAt);
    event ProposalApproved(uint256 indexed id, address indexed admin, uint256 approvals);
    event ApprovalWithdrawn(uint256 indexed id, address indexed admin, uint256 approvals);
    event ProposalExecuted(uint256 indexed id);

    constructor(address[] memory admins_, uint256 threshold_, uint256 proposalLifetime_, address[] memory publishers_) {
        if (admins_.length == 0) revert("at least one admin is required");
        for (uint256 i = 0; i < admins_.length; i++) {
            _addAdmin(admins_[i], 0);
        }
        _checkThreshold(threshold_, admins_.length);
        threshold = threshold_;
        emit ThresholdChanged(0, threshold_, 0);
        if (proposalLifetime_ == 0) revert("proposal lifetime must be positive");
        proposalLifetime = proposalLifetime_;
        for (uint256 i = 0; i < publishers_.length; i++) {
            _addPublisher(publishers_[i], 0);
        }
    }

    // =================================================================================================
    // Publishing
    // =================================================================================================

    /// Publishes release (name, version) bound to `manifestCid` (CIDv1, raw codec, sha2-256 of `manifest`).
    /// The first release of a name makes the caller its maintainer; later ones need a maintainer.
    function publish(string calldata name, string calldata version, bytes calldata manifestCid,
        bytes calldata manifest) external {
        _requirePublisher();
        _publish(name, version, manifestCid, manifest);
    }

    /// Publishes many releases in one transaction (bulk import); all or nothing.
    function publishBatch(string[] calldata names_, string[] calldata versions, bytes[] calldata manifestCids,
        bytes[] calldata manifests) external {
        _requirePublisher();
        uint256 n = names_.length;
        if (versions.length != n || manifestCids.length != n || manifests.length != n) {
            revert("batch arrays differ in length");
        }
        for (uint256 i = 0; i < n; i++) {
            _publish(names_[i], versions[i], manifestCids[i], manifests[i]);
        }
    }

    /// Marks release (name, version) yanked (a maintainer's act). Never deletes it.
    function yank(string calldata name, string calldata version) external {
        _requirePublisher();
        Package storage p = _requireMaintainer(name);
        Release storage r = p.byVersion[keccak256(bytes(version))];
        if (r.blockNumber == 0) revert(string.concat(name, "@", version, " is not published"));
        if (_isYanked(r)) revert(string.concat(name, "@", version, " is already yanked"));
        r.yanked = true;
        emit ReleaseYanked(name, version, msg.sender);
    }

    /// Adds a co-maintainer of `name` (a maintainer's act).
    function addMaintainer(string calldata name, address maintainer) external {
        _requirePublisher();
        Package storage p = _requireMaintainer(name);
        if (maintainer == address(0)) revert("the zero address cannot be a maintainer");
        if (_isMaintainer(p, maintainer)) revert(string.concat(_hex(maintainer), " is already a maintainer of ", name));
        uint96 term = uint96(publisherRemovals[maintainer]);
        Maintainer[] storage m = p.maintainers;
        for (uint256 i = 0; i < m.length; i++) {
            if (m[i].account == maintainer) {
                // a lapsed maintainership granted afresh
                m[i].term = term;
                emit MaintainerAdded(name, maintainer, msg.sender);
                return;
            }
        }
        if (m.length >= MAX_MAINTAINERS) revert(string.concat(name, " has the maximum number of maintainers"));
        m.push(Maintainer(maintainer, term));
        emit MaintainerAdded(name, maintainer, msg.sender);
    }

    /// Removes a co-maintainer of `name` (a maintainer's act); the last maintainer cannot be removed.
    function removeMaintainer(string calldata name, address maintainer) external {
        _requirePublisher();
        Package storage p = _requireMaintainer(name);
        Maintainer[] storage m = p.maintainers;
        uint256 n = m.length;
        for (uint256 i = 0; i < n; i++) {
            if (m[i].account == maintainer) {
                if (_current(m[i]) && _currentCount(m) == 1) {
                    revert(string.concat("cannot remove the last maintainer of ", name));
                }
                m[i] = m[n - 1];
                m.pop();
                emit MaintainerRemoved(name, maintainer, msg.sender);
                return;
            }
        }
        revert(string.concat(_hex(maintainer), " is not a maintainer of ", name));
    }

    // =================================================================================================
    // Governance
    // =================================================================================================

    /// Creates a proposal and counts the proposer's approval; executes at once when that reaches the
    /// threshold (only possible when M = 1). Returns the proposal id (from 1).
    function propose(uint8 kind, address target, uint256 value, string calldata name, address[] calldata maintainers_)
        external returns (uint256 id) {
        _requireAdmin();
        _validate(kind, target, value, name, maintainers_);
        Proposal storage p = proposalList.push();
        id = proposalList.length;
        p.kind = kind;
        p.proposer = msg.sender;
        p.createdAt = uint64(block.timestamp);
        p.expiresAt = uint64(block.timestamp + proposalLifetime);
        p.target = target;
        p.value = value;
        p.name = name;
        p.maintainers = maintainers_;
        emit ProposalCreated(id, kind, target, value, name, maintainers_, msg.sender, p.expiresAt);
        _approve(id, p);
    }

    /// Approves an open proposal; executes it when the approvals of current admins reach the threshold.
    function approve(uint256 id) external {
        _requireAdmin();
        Proposal storage p = _requireOpen(id);
        uint96 term = uint96(adminRemovals[msg.sender]);
        Approval[] storage a = p.approvers;
        for (uint256 i = 0; i < a.length; i++) {
            if (a[i].admin == msg.sender) {
                if (a[i].term == term) revert(string.concat(_hex(msg.sender), " already approved proposal ", _dec(id)));
                // an approval from an earlier term (removed, then re-added): replaced, never revived
                a[i] = a[a.length - 1];
                a.pop();
                break;
            }
        }
        _approve(id, p);
    }

    /// Withdraws the caller's approval of an open proposal.
    function revoke(uint256 id) external {
        _requireAdmin();
        Proposal storage p = _requireOpen(id);
        Approval[] storage a = p.approvers;
        uint256 n = a.length;
        uint96 term = uint96(adminRemovals[msg.sender]);
        for (uint256 i = 0; i < n; i++) {
            if (a[i].admin == msg.sender && a[i].term == term) {
                a[i] = a[n - 1];
                a.pop();
                emit ApprovalWithdrawn(id, msg.sender, _validApprovals(p));
                return;
            }
        }
        revert(string.concat(_hex(msg.sender), " has not approved proposal ", _dec(id)));
    }

    /// Executes an open proposal whose approvals already reach the threshold (e.g. after M was lowered).
    function execute(uint256 id) external {
        _requireAdmin();
        Proposal storage p = _requireOpen(id);
        uint256 approvals = _validApprovals(p);
        if (approvals < threshold) {
            revert(string.concat("proposal ", _dec(id), " has ", _dec(approvals), " of ", _dec(threshold), " approvals"));
        }
        _execute(id, p);
    }

    // =================================================================================================
    // Reads
    // =================================================================================================

    function admins() external view returns (address[] memory) {
        return adminList;
    }

    function isAdmin(address a) external view returns (bool) {
        return adminIndex[a] != 0;
    }

    function isPublisher(address a) external view returns (bool) {
        return publisherIndex[a] != 0;
    }

    function publishers(uint256 offset, uint256 limit) external view returns (address[] memory page, uint256 total) {
        total = publisherList.length;
        uint256 end = _end(offset, limit, total);
        page = new address[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; i++) page[i - offset] = publisherList[i];
    }

    function names(uint256 offset, uint256 limit) external view returns (string[] memory page, uint256 total) {
        total = nameList.length;
        uint256 end = _end(offset, limit, total);
        page = new string[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; i++) page[i - offset] = nameList[i];
    }

    /// The current maintainers of `name`: lapsed maintainerships (publisher removed since) are left out.
    function maintainers(string calldata name) external view returns (address[] memory list) {
        Maintainer[] storage m = packages[keccak256(bytes(name))].maintainers;
        list = new address[](_currentCount(m));
        uint256 j = 0;
        for (uint256 i = 0; i < m.length; i++) {
            if (_current(m[i])) list[j++] = m[i].account;
        }
    }

    function releaseCount(string calldata name) external view returns (uint256) {
        return packages[keccak256(bytes(name))].versions.length;
    }

    /// Release (name, version); `found` is false (and the rest empty) when it was never published.
    function release(string calldata name, string calldata version) external view returns (bool found,
        bytes memory manifestCid, address publisher, uint64 blockNumber, bool yanked) {
        Release storage r = packages[keccak256(bytes(name))].byVersion[keccak256(bytes(version))];
        if (r.blockNumber == 0) return (false, "", address(0), 0, false);
        return (true, _cid(r.digest), r.publisher, r.blockNumber, _isYanked(r));
    }

    /// The most recently published release of `name` that is not yanked; `found` false when none.
    function latestRelease(string calldata name) external view returns (bool found, string memory version,
        bytes memory manifestCid, address publisher, uint64 blockNumber) {
        Package storage p = packages[keccak256(bytes(name))];
        for (uint256 i = p.versions.length; i > 0; i--) {
            string storage v = p.versions[i - 1];
            Release storage r = p.byVersion[keccak256(bytes(v))];
            if (!_isYanked(r)) return (true, v, _cid(r.digest), r.publisher, r.blockNumber);
        }
        return (false, "", "", address(0), 0);
    }

    /// Releases of `name` in publication order, from `offset`, at most `limit`.
    function releases(string calldata name, uint256 offset, uint256 limit) external view returns (
        string[] memory versions, bytes[] memory manifestCids, address[] memory publishers_,
        uint64[] memory blockNumbers, bool[] memory yanked, uint256 total) {
        Package storage p = packages[keccak256(bytes(name))];
        total = p.versions.length;
        uint256 end = _end(offset, limit, total);
        uint256 n = end > offset ? end - offset : 0;
        versions = new string[](n);
        manifestCids = new bytes[](n);
        publishers_ = new address[](n);
        blockNumbers = new uint64[](n);
        yanked = new bool[](n);
        for (uint256 i = 0; i < n; i++) {
            versions[i] = p.versions[offset + i];
            Release storage r = p.byVersion[keccak256(bytes(versions[i]))];
            manifestCids[i] = _cid(r.digest);
            publishers_[i] = r.publisher;
            blockNumbers[i] = r.blockNumber;
            yanked[i] = _isYanked(r);
        }
    }

    function proposalCount() external view returns (uint256) {
        return proposalList.length;
    }

    /// One proposal; `approvers` lists the current admins among those who approved it.
    function proposal(uint256 id) external view returns (uint8 kind, uint8 status, address target, uint256 value,
        string memory name, address[] memory maintainers_, address proposer, uint64 createdAt, uint64 expiresAt,
        address[] memory approvers) {
        Proposal storage p = _requireProposal(id);
        kind = p.kind;
        status = p.executed ? EXECUTED : (block.timestamp > p.expiresAt ? EXPIRED : OPEN);
        target = p.target;
        value = p.value;
        name = p.name;
        maintainers_ = p.maintainers;
        proposer = p.proposer;
        createdAt = p.createdAt;
        expiresAt = p.expiresAt;
        uint256 n = _validApprovals(p);
        approvers = new address[](n);
        uint256 j = 0;
        for (uint256 i = 0; i < p.approvers.length; i++) {
            if (_counts(p.approvers[i])) approvers[j++] = p.approvers[i].admin;
        }
    }

    /// Ids of open (neither executed nor expired) proposals, scanning ids from `offset` (0-based) for at
    /// most `limit` ids; `next` is where to continue, equal to the proposal count at the end.
    function openProposals(uint256 offset, uint256 limit) external view returns (uint256[] memory ids, uint256 next) {
        uint256 total = proposalList.length;
        uint256 end = _end(offset, limit, total);
        uint256[] memory tmp = new uint256[](end > offset ? end - offset : 0);
        uint256 n = 0;
        for (uint256 i = offset; i < end; i++) {
            Proposal storage p = proposalList[i];
            if (!p.executed && block.timestamp <= p.expiresAt) tmp[n++] = i + 1;
        }
        ids = new uint256[](n);
        for (uint256 i = 0; i < n; i++) ids[i] = tmp[i];
        next = end > offset ? end : offset;
    }

    // =================================================================================================
    // Internals
    // =================================================================================================

    function _publish(string calldata name, string calldata version, bytes calldata manifestCid,
        bytes calldata manifest) private {
        Package storage p = packages[keccak256(bytes(name))];
        if (p.maintainers.length == 0) {
            _checkName(name);
            p.maintainers.push(Maintainer(msg.sender, uint96(publisherRemovals[msg.sender])));
            nameList.push(name);
            emit MaintainerAdded(name, msg.sender, msg.sender);
        } else if (!_isMaintainer(p, msg.sender)) {
            revert(string.concat(_hex(msg.sender), " is not a maintainer of ", name));
        }
        _checkVersion(name, version);
        Release storage r = p.byVersion[keccak256(bytes(version))];
        if (r.blockNumber != 0) revert(string.concat(name, "@", version, " already published"));
        if (manifest.length > MAX_MANIFEST_BYTES) revert(string.concat("manifest of ", name, "@", version, " is too large"));
        if (manifestCid.length != 36 || bytes4(manifestCid[0:4]) != 0x01551220) {
            revert(string.concat("manifest CID of ", name, "@", version, " is not a CIDv1 raw sha2-256"));
        }
        bytes32 digest = bytes32(manifestCid[4:36]);
        if (sha256(manifest) != digest) {
            revert(string.concat("manifest of ", name, "@", version, " does not match its CID"));
        }
        r.digest = digest;
        r.publisher = msg.sender;
        r.blockNumber = uint64(block.number);
        p.versions.push(version);
        emit ReleasePublished(name, version, manifestCid, manifest, msg.sender);
    }

    function _validate(uint8 kind, address target, uint256 value, string memory name, address[] memory ms)
        private view {
        if (kind == ADD_PUBLISHER) {
            if (target == address(0)) revert("the zero address cannot be a publisher");
            if (publisherIndex[target] != 0) revert(string.concat(_hex(target), " is already a publisher"));
        } else if (kind == REMOVE_PUBLISHER) {
            if (publisherIndex[target] == 0) revert(string.concat(_hex(target), " is not a publisher"));
        } else if (kind == ADD_ADMIN) {
            if (target == address(0)) revert("the zero address cannot be an admin");
            if (adminIndex[target] != 0) revert(string.concat(_hex(target), " is already an admin"));
        } else if (kind == REMOVE_ADMIN) {
            if (adminIndex[target] == 0) revert(string.concat(_hex(target), " is not an admin"));
            if (adminList.length - 1 < threshold) {
                revert(string.concat("removing ", _hex(target), " would leave fewer admins than the threshold ",
                    _dec(threshold)));
            }
        } else if (kind == CHANGE_THRESHOLD) {
            _checkThreshold(value, adminList.length);
        } else if (kind == HAND_OVER) {
            if (packages[keccak256(bytes(name))].maintainers.length == 0) {
                revert(string.concat("package ", name, " does not exist"));
            }
            if (ms.length == 0 || ms.length > MAX_MAINTAINERS) {
                revert(string.concat("a hand-over of ", name, " needs 1 to 32 maintainers"));
            }
            for (uint256 i = 0; i < ms.length; i++) {
                if (ms[i] == address(0)) revert("the zero address cannot be a maintainer");
                for (uint256 j = 0; j < i; j++) {
                    if (ms[i] == ms[j]) revert(string.concat(_hex(ms[i]), " is listed twice"));
                }
            }
        } else if (kind == YANK_PUBLISHER) {
            if (target == address(0)) revert("the zero address is not a publisher");
        } else {
            revert(string.concat("unknown proposal kind ", _dec(kind)));
        }
    }

    function _approve(uint256 id, Proposal storage p) private {
        p.approvers.push(Approval(msg.sender, uint96(adminRemovals[msg.sender])));
        uint256 approvals = _validApprovals(p);
        emit ProposalApproved(id, msg.sender, approvals);
        if (approvals >= threshold) _execute(id, p);
    }

    function _execute(uint256 id, Proposal storage p) private {
        // State may have changed since the proposal was made: check again.
        _validate(p.kind, p.target, p.value, p.name, p.maintainers);
        p.executed = true;
        uint8 kind = p.kind;
        if (kind == ADD_PUBLISHER) {
            _addPublisher(p.target, id);
        } else if (kind == REMOVE_PUBLISHER) {
            _removePublisher(p.target, id);
        } else if (kind == ADD_ADMIN) {
            _addAdmin(p.target, id);
        } else if (kind == REMOVE_ADMIN) {
            address a = p.target;
            uint256 i = adminIndex[a] - 1;
            address last = adminList[adminList.length - 1];
            adminList[i] = last;
            adminIndex[last] = i + 1;
            adminList.pop();
            delete adminIndex[a];
            adminRemovals[a]++;
            emit AdminRemoved(a, id);
        } else if (kind == CHANGE_THRESHOLD) {
            emit ThresholdChanged(threshold, p.value, id);
            threshold = p.value;
        } else if (kind == HAND_OVER) {
            Maintainer[] storage m = packages[keccak256(bytes(p.name))].maintainers;
            while (m.length > 0) m.pop();
            for (uint256 i = 0; i < p.maintainers.length; i++) {
                address a = p.maintainers[i];
                m.push(Maintainer(a, uint96(publisherRemovals[a])));
            }
            emit PackageHandedOver(p.name, p.maintainers, id);
        } else {
            // YANK_PUBLISHER: a compromised key. Stop it at once and yank all it ever published.
            yankedUpTo[p.target] = block.number;
            if (publisherIndex[p.target] != 0) _removePublisher(p.target, id);
            emit PublisherYanked(p.target, block.number, id);
        }
        emit ProposalExecuted(id);
    }

    /// Reverts with the reason a proposal of these arguments would be refused now (a dry run for clients).
    function checkProposal(uint8 kind, address target, uint256 value, string calldata name, address[] calldata ms)
        external view {
        _validate(kind, target, value, name, ms);
    }

    function _addAdmin(address a, uint256 id) private {
        if (a == address(0)) revert("the zero address cannot be an admin");
        if (adminIndex[a] != 0) revert(string.concat(_hex(a), " is already an admin"));
        adminList.push(a);
        adminIndex[a] = adminList.length;
        emit AdminAdded(a, id);
    }

    function _addPublisher(address a, uint256 id) private {
        if (a == address(0)) revert("the zero address cannot be a publisher");
        if (publisherIndex[a] != 0) revert(string.concat(_hex(a), " is already a publisher"));
        publisherList.push(a);
        publisherIndex[a] = publisherList.length;
        emit PublisherAdded(a, id);
    }

    function _removePublisher(address a, uint256 id) private {
        uint256 i = publisherIndex[a] - 1;
        address last = publisherList[publisherList.length - 1];
        publisherList[i] = last;
        publisherIndex[last] = i + 1;
        publisherList.pop();
        delete publisherIndex[a];
        publisherRemovals[a]++; // ends every maintainership granted before (see Maintainer)
        emit PublisherRemoved(a, id);
    }

    function _validApprovals(Proposal storage p) private view returns (uint256 n) {
        // Approvals of admins removed since then no longer count.
        for (uint256 i = 0; i < p.approvers.length; i++) {
            if (_counts(p.approvers[i])) n++;
        }
    }

    /// An approval counts while its admin is an admin and was not removed since approving.
    function _counts(Approval storage a) private view returns (bool) {
        return adminIndex[a.admin] != 0 && adminRemovals[a.admin] == a.term;
    }

    function _currentCount(Maintainer[] storage m) private view returns (uint256 n) {
        for (uint256 i = 0; i < m.length; i++) {
            if (_current(m[i])) n++;
        }
    }

    /// A maintainership holds while its account was not removed as publisher since it was granted.
    function _current(Maintainer storage m) private view returns (bool) {
        return publisherRemovals[m.account] == m.term;
    }

    function _requireProposal(uint256 id) private view returns (Proposal storage) {
        if (id == 0 || id > proposalList.length) revert(string.concat("proposal ", _dec(id), " does not exist"));
        return proposalList[id - 1];
    }

    function _requireOpen(uint256 id) private view returns (Proposal storage p) {
        p = _requireProposal(id);
        if (p.executed) revert(string.concat("proposal ", _dec(id), " was already executed"));
        if (block.timestamp > p.expiresAt) revert(string.concat("proposal ", _dec(id), " expired"));
    }

    function _requireAdmin() private view {
        if (adminIndex[msg.sender] == 0) revert(string.concat(_hex(msg.sender), " is not an admin"));
    }

    function _requirePublisher() private view {
        if (publisherIndex[msg.sender] == 0) revert(string.concat(_hex(msg.sender), " is not a publisher"));
    }

    function _requireMaintainer(string calldata name) private view returns (Package storage p) {
        p = packages[keccak256(bytes(name))];
        if (p.maintainers.length == 0) revert(string.concat("package ", name, " does not exist"));
        if (!_isMaintainer(p, msg.sender)) revert(string.concat(_hex(msg.sender), " is not a maintainer of ", name));
    }

    function _isMaintainer(Package storage p, address a) private view returns (bool) {
        Maintainer[] storage m = p.maintainers;
        for (uint256 i = 0; i < m.length; i++) {
            if (m[i].account == a) return _current(m[i]);
        }
        return false;
    }

    function _isYanked(Release storage r) private view returns (bool) {
        return r.yanked || r.blockNumber <= yankedUpTo[r.publisher];
    }

    function _checkThreshold(uint256 m, uint256 adminCount) private pure {
        if (m == 0) revert("threshold must be at least 1");
        if (m > adminCount) {
            revert(string.concat("threshold ", _dec(m), " exceeds the number of admins ", _dec(adminCount)));
        }
    }

    /// Debian's package name rule: [a-z0-9][a-z0-9+.-]+, at most MAX_NAME_LENGTH characters.
    function _checkName(string calldata name) private pure {
        bytes calldata b = bytes(name);
        bool ok = b.length >= 2 && b.length <= MAX_NAME_LENGTH;
        for (uint256 i = 0; ok && i < b.length; i++) {
            bytes1 c = b[i];
            ok = (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || (i > 0 && (c == "+" || c == "." || c == "-"));
        }
        if (!ok) {
            revert(string.concat("invalid package name \"", name,
                "\": must match [a-z0-9][a-z0-9+.-]+ and have at most 64 characters"));
        }
    }

    /// Debian version characters ([A-Za-z0-9.+~:-]), starting with a digit, at most MAX_VERSION_LENGTH.
    function _checkVersion(string calldata name, string calldata version) private pure {
        bytes calldata b = bytes(version);
        bool ok = b.length >= 1 && b.length <= MAX_VERSION_LENGTH && b[0] >= "0" && b[0] <= "9";
        for (uint256 i = 1; ok && i < b.length; i++) {
            bytes1 c = b[i];
            ok = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "." || c == "+"
                || c == "~" || c == ":" || c == "-";
        }
        if (!ok) revert(string.concat("invalid version \"", version, "\" of ", name));
    }

    function _cid(bytes32 digest) private pure returns (bytes memory) {
        return abi.encodePacked(bytes4(0x01551220), digest);
    }

    function _end(uint256 offset, uint256 limit, uint256 total) private pure returns (uint256) {
        if (offset >= total) return offset;
        return limit > total - offset ? total : offset + limit;
    }

    function _hex(address a) private pure returns (string memory) {
        bytes memory s = new bytes(42);
        s[0] = "0";
        s[1] = "x";
        bytes16 digits = "0123456789abcdef";
        uint160 v = uint160(a);
        for (uint256 i = 41; i > 1; i--) {
            s[i] = digits[v & 0xf];
            v >>= 4;
        }
        return string(s);
    }

    function _dec(uint256 v) private pure returns (string memory) {
        if (v == 0) return "0";
        uint256 len = 0;
        for (uint256 t = v; t != 0; t /= 10) len++;
        bytes memory s = new bytes(len);
        for (; v != 0; v /= 10) s[--len] = bytes1(uint8(48 + v % 10));
        return string(s);
    }
}

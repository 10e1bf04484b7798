import Yams

/// A `sweep:` block: a cartesian `grid` and/or a `zip` of equally long lists, each over any field
/// path. Expansion substitutes YAML nodes before decoding, so each variant is validated like a
/// hand-written file and errors point at the sweep value that caused them.
struct Sweep {
    struct Axis {
        let path: FieldPath
        let pathNode: SpecNode
        let values: [SpecNode]
    }

    let grid: [Axis]
    let zip: [Axis]

    /// Upper bound on variants per file, so a typo cannot plan millions of stages.
    static let maxVariants = 10_000

    static func decode(_ n: SpecNode) throws -> Sweep {
        let m = try n.mapping()
        let grid = try m.value("grid", default: []) { try axes($0) }
        let zip = try m.value("zip", default: []) { try axes($0) }
        try m.finish()
        if grid.isEmpty && zip.isEmpty { throw n.error("a sweep needs a 'grid' or a 'zip' with at least one field") }
        if let first = zip.first, let bad = zip.first(where: { $0.values.count != first.values.count }) {
            throw bad.pathNode.error("zip lists must have equal lengths: '\(first.path)' has \(first.values.count), '\(bad.path)' has \(bad.values.count)")
        }
        let all = grid + zip
        for (i, a) in all.enumerated() {
            if let dup = all[..<i].first(where: { $0.path == a.path }) {
                throw a.pathNode.error("field '\(dup.path)' is swept twice")
            }
        }
        let count = grid.reduce(zip.first?.values.count ?? 1) { $0 * $1.values.count }
        if count > maxVariants { throw n.error("expands to \(count) variants; at most \(maxVariants) are allowed") }
        return Sweep(grid: grid, zip: zip)
    }

    private static func axes(_ n: SpecNode) throws -> [Axis] {
        guard case .mapping(let mapping) = n.node else { throw n.error("expected a mapping of field paths to lists, got \(n.shown)") }
        return try mapping.map { k, v in
            let keyNode = n.child(k, .key(k.string ?? ""))
            guard let text = k.string, let path = FieldPath(parsing: text) else {
                throw keyNode.error("'\(k.string ?? "?")' is not a field path (write it like pretrain.trafos or pretrain.trafos[1])")
            }
            if case .key(let head) = path.components.first, head == "sweep" {
                throw keyNode.error("a sweep cannot sweep itself")
            }
            let values = try keyNode.child(v, .key(text)).sequence()
            if values.isEmpty { throw keyNode.error("needs at least one value") }
            return Axis(path: path, pathNode: keyNode, values: values)
        }
    }

    /// Every variant: the substituted fields with the nodes to put there, grid-major.
    func points() -> [[(Axis, SpecNode)]] {
        var out: [[(Axis, SpecNode)]] = [[]]
        for axis in grid {
            out = out.flatMap { prefix in axis.values.map { prefix + [(axis, $0)] } }
        }
        if let first = zip.first {
            out = out.flatMap { prefix in
                (0..<first.values.count).map { i in prefix + zip.map { ($0, $0.values[i]) } }
            }
        }
        return out
    }

    /// `root` with `value` written at `path`, creating missing mappings on the way.
    static func substitute(_ root: Node, at path: ArraySlice<FieldPath.Component>, with value: Node,
                           keyMark: Mark?, axis: Axis) throws -> Node {
        guard let head = path.first else { return value }
        let rest = path.dropFirst()
        switch (head, root) {
        case (.key(let k), .mapping(let m)):
            var pairs = m.map { ($0.key, $0.value) }
            if let i = pairs.firstIndex(where: { $0.0.string == k }) {
                pairs[i].1 = try substitute(pairs[i].1, at: rest, with: value, keyMark: keyMark, axis: axis)
            } else {
                let fresh = Node.mapping(.init([], .implicit, .any, keyMark))
                pairs.append((.scalar(.init(k, .implicit, .plain, keyMark)),
                              try substitute(fresh, at: rest, with: value, keyMark: keyMark, axis: axis)))
            }
            return .mapping(Node.Mapping(pairs, m.tag, m.style, m.mark))
        case (.key, .scalar(let s)) where s.string.isEmpty || s.string == "~":
            return try substitute(.mapping(.init([], .implicit, .any, s.mark)), at: path, with: value,
                                  keyMark: keyMark, axis: axis)
        case (.index(let i), .sequence(var s)):
            guard i < s.count else {
                throw axis.pathNode.error("index \(i) is beyond the list of \(s.count) at '\(axis.path)'")
            }
            s[i] = try substitute(s[i], at: rest, with: value, keyMark: keyMark, axis: axis)
            return .sequence(s)
        default:
            throw axis.pathNode.error("'\(axis.path)' does not lead to a field: the spec has \(root.kindName) on the way")
        }
    }
}

private extension Node {
    var kindName: String {
        switch self {
        case .scalar(let s): return "the value '\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// YAML flow-style text of a node, for variant labels.
func flowText(_ node: Node) -> String {
    switch node {
    case .scalar(let s): return s.string
    case .sequence(let s): return "[" + s.map(flowText).joined(separator: ",") + "]"
    case .mapping(let m): return "{" + m.map { "\(flowText($0.key)):\(flowText($0.value))" }.joined(separator: ",") + "}"
    }
}

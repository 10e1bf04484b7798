import Yams

/// A `sweep:` block over any field paths: a cartesian `grid`, a `zip` of equally long lists, and
/// `cases` (a list of overlays, each setting several fields at once, e.g. a method together with
/// its own settings); the variants are grid × zip × cases. A null value in a sweep removes the
/// field (it takes its default). Expansion substitutes YAML nodes before decoding, so each
/// variant is validated like a hand-written file and errors point at the sweep value that
/// caused them.
struct Sweep {
    struct Axis {
        let path: FieldPath
        let pathNode: SpecNode
        let values: [SpecNode]
    }

    let grid: [Axis]
    let zip: [Axis]
    /// Each case: fields with one value each.
    let cases: [[Axis]]

    /// Upper bound on variants per file, so a typo cannot plan millions of stages.
    static let maxVariants = 10_000

    static func decode(_ n: SpecNode) throws -> Sweep {
        let m = try n.mapping()
        let grid = try m.value("grid", default: []) { try axes($0) }
        let zip = try m.value("zip", default: []) { try axes($0) }
        let cases = try m.value("cases", default: []) { v in
            try v.list { c -> [Axis] in
                guard case .mapping(let pairs) = c.node else {
                    throw c.error("a case is a mapping of field paths to values, got \(c.shown)")
                }
                guard !pairs.isEmpty else {
                    throw c.error("a case must set at least one field (the base experiment is not a variant of itself)")
                }
                return try pairs.map { k, value in
                    let keyNode = c.child(k, .key(k.string ?? ""))
                    return Axis(path: try path(k, keyNode), pathNode: keyNode, values: [keyNode.child(value, .key(k.string ?? ""))])
                }
            }
        }
        try m.finish()
        if grid.isEmpty && zip.isEmpty && cases.isEmpty {
            throw n.error("a sweep needs a 'grid', a 'zip' or 'cases' with at least one field")
        }
        if let first = zip.first, let bad = zip.first(where: { $0.values.count != first.values.count }) {
            throw bad.pathNode.error("zip lists must have equal lengths: '\(first.path)' has \(first.values.count), '\(bad.path)' has \(bad.values.count)")
        }
        for group in [grid + zip] + cases.map({ grid + zip + $0 }) {
            for (i, a) in group.enumerated() {
                if let dup = group[..<i].first(where: { $0.path == a.path }) {
                    throw a.pathNode.error("field '\(dup.path)' is swept twice")
                }
            }
        }
        // Twenty 10-value axes already overflow Int: multiply only while within the limit.
        var count = (zip.first?.values.count ?? 1) * max(cases.count, 1)
        for axis in grid where count <= maxVariants { count *= axis.values.count }
        if count > maxVariants { throw n.error("expands to more than \(maxVariants) variants (the limit)") }
        return Sweep(grid: grid, zip: zip, cases: cases)
    }

    private static func axes(_ n: SpecNode) throws -> [Axis] {
        guard case .mapping(let mapping) = n.node else { throw n.error("expected a mapping of field paths to lists, got \(n.shown)") }
        return try mapping.map { k, v in
            let keyNode = n.child(k, .key(k.string ?? ""))
            let path = try path(k, keyNode)
            let values = try keyNode.child(v, .key(k.string ?? "")).sequence()
            if values.isEmpty { throw keyNode.error("needs at least one value") }
            return Axis(path: path, pathNode: keyNode, values: values)
        }
    }

    private static func path(_ k: Node, _ keyNode: SpecNode) throws -> FieldPath {
        guard let text = k.string, let path = FieldPath(parsing: text) else {
            throw keyNode.error("'\(k.string ?? "?")' is not a field path (write it like pretrain.trafos or pretrain.trafos[1])")
        }
        if case .key(let head) = path.components.first, head == "sweep" {
            throw keyNode.error("a sweep cannot sweep itself")
        }
        return path
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
        if !cases.isEmpty {
            out = out.flatMap { prefix in cases.map { c in prefix + c.map { ($0, $0.values[0]) } } }
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
            if rest.isEmpty, value.isNull {
                pairs.removeAll { $0.0.string == k }
            } else if let i = pairs.firstIndex(where: { $0.0.string == k }) {
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
    var isNull: Bool {
        guard case .scalar(let s) = self, s.style == .plain || s.style == .any else { return false }
        return s.string.isEmpty || s.string == "~" || s.string.lowercased() == "null"
    }

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
    case .scalar(let s): return s.string.isEmpty ? "~" : s.string
    case .sequence(let s): return "[" + s.map(flowText).joined(separator: ",") + "]"
    case .mapping(let m): return "{" + m.map { "\(flowText($0.key)):\(flowText($0.value))" }.joined(separator: ",") + "}"
    }
}

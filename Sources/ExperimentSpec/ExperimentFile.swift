import Foundation
import Yams

/// An experiment file: its variants after sweep expansion, each a validated `Experiment`.
public struct ExperimentFile: Sendable {
    /// The file as named by the user.
    public let file: String
    /// Experiment name (shared by all variants).
    public let name: String
    /// One experiment per sweep point (exactly one without a sweep).
    public let variants: [Experiment]

    /// Largest accepted file; specs are hand-written and small.
    public static let maxBytes = 1 << 20
    /// Largest accepted node count after alias expansion (billion-laughs guard).
    public static let maxExpandedNodes = 100_000
    /// Largest accepted sum of document nodes over all sweep variants: each variant is decoded
    /// in full, so 10,000 variants of a large document would take minutes (a hang, not an error).
    public static let maxSweepNodes = 1_000_000

    /// Reads and validates `path`; throws `SpecError` with file:line:column and field path.
    public static func load(path: String) throws -> ExperimentFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SpecError(nil, path: "", "\(path): cannot read experiment file: \(error.localizedDescription)")
        }
        guard data.count <= maxBytes else {
            throw SpecError(SourceLocation(file: path, line: 1, column: 1), path: "",
                            "file is \(data.count) bytes; experiment files are limited to \(maxBytes)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecError(SourceLocation(file: path, line: 1, column: 1), path: "", "file is not UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    /// Validates YAML text; `file` is the name used in messages.
    public static func parse(yaml: String, file: String) throws -> ExperimentFile {
        if let v = NestingGuard.violation(in: yaml) {
            throw SpecError(SourceLocation(file: file, line: v.line, column: v.column), path: "", v.message)
        }
        let root = try compose(yaml, file: file)
        var budget = maxExpandedNodes
        guard withinBudget(root.node, &budget) else {
            throw root.error("document expands to more than \(maxExpandedNodes) nodes (aliases/anchors nested too deep)")
        }
        guard case .mapping(let top) = root.node else { throw root.error("expected a mapping of experiment fields, got \(root.shown)") }
        let sweepPair = top.first { $0.key.string == "sweep" }
        let withoutSweep = Node.mapping(Node.Mapping(top.filter { $0.key.string != "sweep" }.map { ($0.key, $0.value) },
                                                     top.tag, top.style, top.mark))
        guard let sweepPair else {
            let e = try Experiment.decode(SpecNode(node: withoutSweep, path: .root, file: file), fileName: file, coordinates: [])
            return ExperimentFile(file: file, name: e.name, variants: [e])
        }
        let sweep = try Sweep.decode(root.child(sweepPair.value, .key("sweep")))
        let points = sweep.points()
        let nodes = maxExpandedNodes - budget
        guard points.count <= maxSweepNodes / max(nodes, 1) else {
            throw root.error("the sweep's \(points.count) variants of this \(nodes)-node document exceed \(maxSweepNodes) nodes in all; sweep fewer values")
        }
        var variants: [Experiment] = []
        for point in points {
            var node = withoutSweep
            for (axis, value) in point {
                node = try Sweep.substitute(node, at: axis.path.components[...], with: value.node,
                                            keyMark: axis.pathNode.node.mark, axis: axis)
            }
            let coords = point.map { SweepCoordinate(path: $0.0.path.description, value: flowText($0.1.node)) }
            variants.append(try Experiment.decode(SpecNode(node: node, path: .root, file: file), fileName: file,
                                                  coordinates: coords))
        }
        return ExperimentFile(file: file, name: variants[0].name, variants: variants)
    }

    private static func compose(_ yaml: String, file: String) throws -> SpecNode {
        func located(_ mark: Mark, _ problem: String) -> SpecError {
            SpecError(SourceLocation(file: file, line: mark.line, column: mark.column), path: "", "invalid YAML: \(problem)")
        }
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw SpecError(SourceLocation(file: file, line: 1, column: 1), path: "", "empty experiment file")
            }
            return SpecNode(node: node, path: .root, file: file)
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                throw located(mark, problem)
            default:
                throw SpecError(SourceLocation(file: file, line: 1, column: 1), path: "", "invalid YAML: \(e)")
            }
        }
    }

    /// Counts nodes with aliases expanded, stopping as soon as the budget runs out.
    private static func withinBudget(_ node: Node, _ budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch node {
        case .scalar: return true
        case .sequence(let s):
            for c in s where !withinBudget(c, &budget) { return false }
            return true
        case .mapping(let m):
            for (k, v) in m where !withinBudget(k, &budget) || !withinBudget(v, &budget) { return false }
            return true
        }
    }
}

/// Flattened canonical fields (`pretrain.lr` → `0.001`, as manifests keep them) as a nested
/// YAML document. Every leaf is canonical JSON text, which YAML reads as the same value.
enum YAMLText {
    static func nested(_ fields: [String: String]) -> String {
        var out = ""
        var open: [Substring] = []
        for path in fields.keys.sorted(by: { $0.split(separator: ".").lexicographicallyPrecedes($1.split(separator: ".")) }) {
            let parts = path.split(separator: ".")
            var shared = 0
            while shared < min(open.count, parts.count - 1) && open[shared] == parts[shared] { shared += 1 }
            open = Array(open.prefix(shared))
            for p in parts[shared..<(parts.count - 1)] {
                out += String(repeating: "  ", count: open.count) + "\(p):\n"
                open.append(p)
            }
            out += String(repeating: "  ", count: open.count) + "\(parts.last!): \(fields[path]!)\n"
        }
        return out
    }
}

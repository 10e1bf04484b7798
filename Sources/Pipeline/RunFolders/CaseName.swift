import ExperimentSpec
import Foundation

/// The name of one case of an experiment file (`simclr-RRC+TO`, `cpc-h128-lr1e-3`): its run
/// folder under `runs/<experiment>/` and what console lines call it.
///
/// The name is made from the case's own sweep coordinates alone, in the order written, each
/// with its value from the resolved spec: method names and other strings bare, transformation
/// lists as their abbreviations joined by `+`, numbers as a short key and a compact number
/// (`h128`, `lr1e-3`), booleans as the key or `no` + key (`nopre`), fields of an evaluation
/// protocol prefixed `ft.`/`le.`/`hd.`; parts that would pass 60 characters are dropped. A file
/// without a sweep names its one case by its method.
///
/// Stability: a name depends only on its case, so adding, removing or reordering other cases
/// never renames a folder, except for collisions (two cases with the same name but different
/// canonical coordinates, say ones differing in a transformation's parameters or past the
/// 60-character cut). Then the first such case in file order keeps the bare name and each later
/// one gets `-` + 6 hex digits of the SHA-256 of its own canonical label: appending cases never
/// renames an existing folder; only inserting a colliding case before it can.
enum CaseName {
    static let maxLength = 60
    /// Names the experiment folder already uses for other things.
    static let reserved: Set<String> = ["report", "logs"]

    /// Folder names for the cases of one experiment file, in file order, unique among them
    /// (cases with equal canonical coordinates share one, since they are the same case).
    static func assign(_ cases: [Experiment]) -> [String] {
        var owner: [String: String] = [:]
        return cases.map { e in
            let label = e.canonicalVariantLabel
            let base = join(parts(of: e).map(\.text), limit: maxLength)
            if !reserved.contains(base), owner[base] == nil || owner[base] == label {
                owner[base] = label
                return base
            }
            let suffix = "-" + SHA256.hex(label).prefix(6)
            let name = join(parts(of: e).map(\.text), limit: maxLength - suffix.count) + suffix
            owner[name] = label
            return name
        }
    }

    /// One readable piece of a case name and the field it comes from.
    struct Part: Equatable {
        let path: String
        let text: String
    }

    /// What console lines call a case in a stage of `kind`: the parts that can matter to it
    /// (a pretraining is not told its evaluation's settings), with the method first when the
    /// case does not set it, at most 60 characters as the folder name.
    static func displayParts(of e: Experiment, for kind: StageKind) -> [String] {
        var own = e.coordinates.isEmpty ? [] : parts(of: e)
        own.removeAll { p in hidden(for: kind).contains { p.path.hasPrefix($0) } }
        var texts = own.map(\.text)
        if let method = e.training?.method.rawValue, !e.coordinates.contains(where: { $0.path == "method" }) {
            texts.insert(method, at: 0)
        }
        var fitting: [String] = [], length = -1
        for t in texts {
            length += 1 + t.count
            if length > maxLength { break }
            fitting.append(t)
        }
        return fitting
    }

    /// Path prefixes of the settings a stage of `kind` is not told.
    static func hidden(for kind: StageKind) -> [String] {
        switch kind {
        case .pretrain: ["evaluation."]
        case .finetune: ["evaluation.linear_eval"]
        case .linearEval: ["evaluation.finetune", "evaluation.head"]
        default: []
        }
    }

    /// Fields a report shows in columns of their own (method, augmentations, training folds,
    /// noise level), so they never make a row's setting.
    static let reportColumns = ["method", "pretrain.trafos", "data.train_folds", "evaluation.label_efficiency",
                                "evaluation.noise_levels", "evaluation.use_pretrained"]

    /// The case's own settings that can matter to a stage of `kind`, as `path=value` with the
    /// `evaluation.` prefix dropped (`linear_eval.feature_stride=25`, `pretrain.lr=1e-3`), by
    /// field path, without the fields a report shows in columns of their own.
    static func settings(of e: Experiment, for kind: StageKind) -> [Part] {
        guard !e.coordinates.isEmpty else { return [] }
        let resolved = e.resolved
        return parts(of: e).compactMap { p in
            guard !p.path.isEmpty, !hidden(for: kind).contains(where: { p.path.hasPrefix($0) }),
                  !reportColumns.contains(where: { p.path == $0 || p.path.hasPrefix($0 + ".") || p.path.hasPrefix($0 + "[") })
            else { return nil }
            let value: String = switch Experiment.canonicalValue(at: p.path, in: resolved) {
            case .int(let i): String(i)
            case .double(let d): compact(d)
            case .string(let s): s
            case .bool(let b): b ? "true" : "false"
            default: p.text
            }
            let name = p.path.hasPrefix("evaluation.") ? String(p.path.dropFirst("evaluation.".count)) : p.path
            return Part(path: p.path, text: "\(name)=\(value)")
        }
    }

    /// Each item's settings that tell it apart from the other items of its group: the settings
    /// whose value (or absence) is not the same across the group, joined by ", ".
    static func distinguishing<Group: Hashable>(_ items: [(group: Group, settings: [Part])]) -> [String] {
        var paths: [Group: [String: Set<String>]] = [:], size: [Group: Int] = [:]
        for item in items {
            size[item.group, default: 0] += 1
            for p in item.settings { paths[item.group, default: [:]][p.path, default: []].insert(p.text) }
        }
        return items.map { item in
            let n = size[item.group] ?? 0
            let seen = paths[item.group] ?? [:]
            return item.settings.filter { p in
                guard let texts = seen[p.path] else { return false }
                // Varies if two items disagree, or some item of the group does not set it.
                let setting = items.lazy.filter { $0.group == item.group && $0.settings.contains { $0.path == p.path } }.count
                return texts.count > 1 || setting < n
            }.map(\.text).joined(separator: ", ")
        }
    }

    /// The readable parts of a case, in coordinate order.
    static func parts(of e: Experiment) -> [Part] {
        let resolved = e.resolved
        let out = e.coordinates.flatMap { c -> [Part] in
            let path = c.path
            let value = Experiment.canonicalValue(at: path, in: resolved)
            // A mapping written in the case names only the fields it wrote, not every default.
            if c.value.hasPrefix("{"), case .object(let o) = value {
                return topLevelKeys(c.value).compactMap { k in
                    o[k].flatMap { part(path: path + "." + k, $0) }.map { Part(path: path + "." + k, text: $0) }
                }
            }
            return part(path: path, value).map { [Part(path: path, text: $0)] } ?? []
        }
        if !out.isEmpty { return out }
        return [Part(path: "", text: e.training?.method.rawValue ?? (e.selfTest != nil ? "selftest" : "base"))]
    }

    /// One coordinate's part, nil when it says nothing (a removed field).
    static func part(path: String, _ value: CanonicalValue) -> String? {
        let components = path.split(separator: ".").map { String($0.prefix { $0 != "[" }) }
        let key = shortKey(components)
        let text: String?
        switch value {
        case .null: text = nil
        case .bool(let b): text = b ? key : "no" + key
        case .int(let i): text = key + String(i)
        case .double(let d): text = key + compact(d)
        case .string(let s): text = s
        case .list(let l): text = list(l, key: key, field: components.last ?? "")
        case .object(let o):
            if case .string(let p)? = o["path"] { text = lastComponent(p) } else { text = key }
        }
        return text.map(safe)
    }

    /// A list field: transformations by abbreviation, datasets by folder name, numbers compact.
    static func list(_ l: [CanonicalValue], key: String, field: String) -> String {
        if l.isEmpty { return "no" + key }
        let items = l.map { v -> String in
            switch v {
            case .object(let o):
                if case .string(let name)? = o["name"] { return TransformCatalog.kind(named: name)?.abbreviation ?? name }
                if case .string(let p)? = o["path"] { return lastComponent(p) }
                return v.encoded
            case .string(let s): return lastComponent(s)
            case .int(let i): return String(i)
            case .double(let d): return compact(d)
            default: return v.encoded
            }
        }.joined(separator: "+")
        return field == "trafos" || field == "pretrain" ? items : key + items
    }

    /// Short keys of the fields cases usually set; others by their words' initials (or the word).
    static let shortKeys: [String: String] = [
        "lr": "lr", "hidden": "h", "epochs": "ep", "batch_size": "bs", "input_size": "in", "weight_decay": "wd",
        "head_epochs": "hep", "head_lr": "hlr", "warmup_epochs": "wu", "seed": "seed", "train_folds": "folds",
        "percentage": "pct", "temperature": "temp", "use_pretrained": "pre", "finetune": "ft", "linear_eval": "le",
        "normalize": "norm", "filter_cinc": "cinc", "discriminative_lr": "dlr", "discriminative_lr_factor": "dlrf",
        "dropout": "drop", "window_size": "win", "window_stride": "stride", "noise_levels": "noise",
        "label_efficiency": "folds", "bootstrap": "boot", "negatives": "neg", "steps": "steps", "queue_length": "queue",
        "trafos": "aug", "bn": "bn", "labels": "labels",
    ]
    static let protocolPrefixes: [String: String] = ["finetune": "ft.", "linear_eval": "le.", "head": "hd."]

    static func shortKey(_ components: [String]) -> String {
        let field = components.last ?? ""
        let key = shortKeys[field] ?? {
            let words = field.split(separator: "_")
            if words.count > 1 { return String(words.compactMap(\.first)) }
            return field.count <= 5 ? field : String(field.prefix(4))
        }()
        // Evaluation protocols repeat pretraining's field names (epochs, lr): say whose they are.
        let prefix = components.dropLast().compactMap { protocolPrefixes[$0] }.last ?? ""
        return prefix + key
    }

    /// Integers as written; fractions in the shorter of decimal and `m e k` form (0.001 → 1e-3,
    /// 0.05 → 0.05), the decimal form on a tie.
    static func compact(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        let text = d.description  // shortest round-trip digits, e.g. 0.0003, 1e-05, 2.5
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            return String(text[..<e]) + "e" + String(Int(text[text.index(after: e)...]) ?? 0)
        }
        guard abs(d) < 1, let dot = text.firstIndex(of: ".") else { return text }
        let sign = d < 0 ? "-" : ""
        let fraction = text[text.index(after: dot)...]
        let zeros = fraction.prefix { $0 == "0" }.count
        let digits = fraction.dropFirst(zeros)
        let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : String(digits)
        let scientific = sign + mantissa + "e-" + String(zeros + 1)
        return scientific.count < text.count ? scientific : text
    }

    /// The keys of a YAML flow mapping as the sweep wrote it (`{epochs:6,head_epochs:2}`).
    static func topLevelKeys(_ flow: String) -> [String] {
        var keys: [String] = [], depth = 0, current = "", inKey = true
        for ch in flow {
            switch ch {
            case "{", "[":
                depth += 1
                if depth == 1 { current = ""; inKey = true; continue }
            case "}", "]":
                depth -= 1
            case "," where depth == 1:
                current = ""; inKey = true; continue
            case ":" where depth == 1 && inKey:
                keys.append(current.trimmingCharacters(in: .whitespaces)); inKey = false; continue
            default: break
            }
            if depth == 1 && inKey { current.append(ch) }
        }
        return keys
    }

    /// Parts joined by `-`, dropping trailing parts that would pass `limit` characters.
    static func join(_ parts: [String], limit: Int) -> String {
        var out = ""
        for p in parts {
            let next = out.isEmpty ? p : out + "-" + p
            if next.count > limit { break }
            out = next
        }
        return out.isEmpty ? String((parts.first ?? "base").prefix(limit)) : out
    }

    static func lastComponent(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    /// Letters, digits and `._+-`; anything else becomes `_`, and a leading dot is dropped.
    static func safe(_ s: String) -> String {
        let mapped = String(s.map { $0.isLetter || $0.isNumber || "._+-".contains($0) ? $0 : "_" })
        return mapped.hasPrefix(".") ? String(mapped.dropFirst()) : mapped
    }
}

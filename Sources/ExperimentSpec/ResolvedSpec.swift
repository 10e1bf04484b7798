extension Experiment {
    /// The sweep coordinates by their resolved canonical values (`pretrain.lr=0.001`, whatever
    /// spelling the file used), for keys that must not depend on how a value was written.
    public var canonicalVariantLabel: String {
        let all = resolved
        return coordinates.map { c in "\(c.path)=\(Self.canonicalValue(at: c.path, in: all).encoded)" }
            .joined(separator: ",")
    }

    /// The resolved value a sweep coordinate set: the field's own value, or for an element path
    /// (`pretrain.trafos[1]`) the whole field it lies in; a field the sweep removed (null) reads
    /// as null however the file spelled it.
    public static func canonicalValue(at path: String, in resolved: CanonicalValue) -> CanonicalValue {
        var p = Substring(path)
        while !p.isEmpty {
            if let v = resolved[String(p)] { return v }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            p = p[..<cut]
        }
        return .null
    }

    /// Every setting of this variant after defaults, paths and cosmetic fields included: what the
    /// run folder records as "the resolved spec".
    public var resolved: CanonicalValue {
        var o: [String: CanonicalValue] = [
            "file": .string(file), "name": .string(name), "seed": .int(seed),
            "runtime": .object(["log_every": .int(runtime.logEvery), "threads": .int(runtime.threads),
                                "checkpoint_every": .int(runtime.checkpointEvery)]),
        ]
        if let selfTest { o["selftest"] = selfTest.canonical }
        if let t = training {
            guard case .object(var data) = t.data.canonical else { preconditionFailure("data is an object") }
            func ref(_ r: DatasetRef) -> CanonicalValue {
                .object(["path": .string(r.path), "format": r.format.map { .string($0.rawValue) } ?? .null])
            }
            data["pretrain"] = .list(t.data.pretrain.map(ref))
            data["downstream"] = ref(t.data.downstream)
            o["method"] = t.method.canonical
            o["data"] = .object(data)
            o["model"] = t.model.canonical
            if let p = t.pretrain { o["pretrain"] = p.canonical }
            let ev = t.evaluation
            guard case .object(var e) = ev.common else { preconditionFailure("evaluation is an object") }
            e["finetune"] = ev.finetune?.canonical ?? .bool(false)
            e["linear_eval"] = ev.linearEval?.canonical ?? .bool(false)
            e["label_efficiency"] = ev.labelEfficiency.canonical
            e["noise_levels"] = ev.noiseLevels.canonical
            e["bootstrap"] = .int(ev.bootstrap)
            o["evaluation"] = .object(e)
        }
        return .object(o)
    }
}

import FileSupport
import Foundation
import TensorBoardEvents

/// One stage's folder in a run folder (`runs/<experiment>/<case>/<stage>/`), a view of its cache
/// entry: `hparams.yaml` (the resolved inputs), `scalars.csv` (the per-step log with wall
/// times), the TensorBoard event file with real wall times, `checkpoints/best` and `last`
/// (links to the entry's model), and `artifacts/` (links to the entry's other files).
struct StageFolder {
    /// The folder.
    let directory: URL

    /// Folder names for the stage labels of one case: `finetune[folds=2]` → `finetune-folds2`,
    /// `preprocess(data/synthetic/ptbxl)` → `preprocess-ptbxl`, or `preprocess-data_synthetic_ptbxl`
    /// when two datasets of the case end in the same folder name.
    static func names(of labels: [String]) -> [String] {
        let short = labels.map { name(of: $0, shortPaths: true) }
        return zip(labels, short).map { label, s in short.filter { $0 == s }.count > 1 ? name(of: label, shortPaths: false) : s }
    }

    static func name(of label: String, shortPaths: Bool) -> String {
        var label = label
        if shortPaths, let open = label.firstIndex(of: "("), let slash = label[open...].lastIndex(of: "/") {
            label.removeSubrange(label.index(after: open)...slash)
        }
        var s = ""
        for ch in label {
            switch ch {
            case "(", "[": s += "-"
            case ")", "]", "=": break
            case "/": s += "_"
            default: s.append(ch.isLetter || ch.isNumber || "-_.+".contains(ch) ? ch : "_")
            }
        }
        return s
    }

    /// Brings the folder in line with the entry `key`; removes it when the entry is not cached,
    /// so a folder never shows an entry other than the one its case now plans.
    func update(key: String, cache: CacheStore, runs: URL) throws {
        let fm = FileManager.default
        guard cache.contains(key), let manifest = cache.manifest(key) else {
            try? fm.removeItem(at: directory)
            return
        }
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let entry = cache.artifacts(key)
        try AtomicFile.write("# \(manifest.label) [\(key.prefix(12))]: the stage's resolved inputs (its key material)\n"
                             + YAMLText.nested(manifest.fields), to: directory.appendingPathComponent("hparams.yaml"))

        // File links only: TensorBoard follows directory links, and would find the cached event file.
        let artifacts = directory.appendingPathComponent("artifacts")
        try? fm.removeItem(at: artifacts)
        for a in manifest.artifacts where !a.path.contains("tfevents") && a.path != ScalarLogFiles.csvName {
            let at = artifacts.appendingPathComponent(a.path)
            try fm.createDirectory(at: at.deletingLastPathComponent(), withIntermediateDirectories: true)
            try RelativeLink.set(at, to: entry.appendingPathComponent(a.path), exists: true)
        }
        // No stage selects among pretraining epochs and evaluation keeps only the selected model
        // (eval.py reloads its best weights after each phase), so both links name the one model.
        let checkpoints = directory.appendingPathComponent("checkpoints")
        let model = manifest.artifacts.contains { $0.path == "model.safetensors" }
        if model { try fm.createDirectory(at: checkpoints, withIntermediateDirectories: true) }
        for link in ["best", "last"] {
            try RelativeLink.set(checkpoints.appendingPathComponent(link), to: entry.appendingPathComponent("model.safetensors"),
                                 exists: model)
        }
        try writeScalars(entry: entry, wallTimes: WallTimes.read(WallTimes.url(runs: runs, key: key)))
    }

    /// `scalars.csv` with a wall-time column and the event file at those times, from the cached
    /// copies (whose times are step numbers) and the recorded wall times.
    func writeScalars(entry: URL, wallTimes: WallTimes?) throws {
        let fm = FileManager.default
        let cachedCSV = entry.appendingPathComponent(ScalarLogFiles.csvName)
        let events = ((try? fm.contentsOfDirectory(atPath: entry.path)) ?? []).filter { $0.hasPrefix("events.out.tfevents.") }
        guard let text = try? String(contentsOf: cachedCSV, encoding: .utf8), let eventName = events.first else { return }
        let rows = text.split(separator: "\n").dropFirst()
        // Times that do not match the rows (an entry built elsewhere) are not used: steps stand in.
        let times = wallTimes.flatMap { $0.wallTimes.count == rows.count ? $0.wallTimes : nil }
        var csv = "step,epoch,name,value,wall_time\n"
        for (i, row) in rows.enumerated() { csv += "\(row),\(times.map { String($0[i]) } ?? "")\n" }
        try AtomicFile.write(csv, to: directory.appendingPathComponent(ScalarLogFiles.csvName))

        var contents = try EventFile.read(entry.appendingPathComponent(eventName))
        var created = 0.0
        if let times, contents.scalars.count == times.count {
            for i in contents.scalars.indices { contents.scalars[i].wallTime = times[i] }
            created = times.first ?? 0
            contents.hparams?.startTime = created
            if contents.hparams?.end != nil { contents.hparams?.end?.time = times.last ?? created }
        }
        let url = try EventFile.write(scalars: contents.scalars, hparams: contents.hparams, metrics: contents.metrics,
                                      to: directory, createdAt: created,
                                      hostname: times == nil ? ScalarLogFiles.cachedHost : wallTimes!.host)
        // One event file per folder, or TensorBoard would plot the stage twice.
        for old in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        where old.hasPrefix("events.out.tfevents.") && old != url.lastPathComponent {
            try? fm.removeItem(at: directory.appendingPathComponent(old))
        }
    }
}

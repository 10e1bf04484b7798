import Foundation

/// What `RunFolder.update` removes from `runs/<experiment>/`: folders of cases the file no
/// longer has (renamed or deleted) and the links of the older `<variant>/<stage>` layout.
/// Only what the run folder itself made goes: symbolic links, and directories holding nothing
/// but links and stage folders (recognised by their `hparams.yaml`); anything else a person
/// put there stays.
enum StaleFolders {
    /// Names `RunFolder.update` writes besides the case folders.
    static let kept: Set<String> = ["report", "logs", "metrics.csv", "resolved-spec.json"]

    static func prune(_ directory: URL, keeping cases: Set<String>) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] where !kept.contains(name) && !cases.contains(name) {
            let url = directory.appendingPathComponent(name)
            if isLink(url) || isGenerated(url) { try? fm.removeItem(at: url) }
        }
    }

    /// Removes the stage folders of `caseFolder` that its case no longer plans.
    static func pruneStages(_ caseFolder: URL, keeping stages: Set<String>) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: caseFolder.path)) ?? [] where !stages.contains(name) {
            let url = caseFolder.appendingPathComponent(name)
            if isLink(url) || fm.fileExists(atPath: url.appendingPathComponent("hparams.yaml").path) { try? fm.removeItem(at: url) }
        }
    }

    static func isLink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// A directory of links (the older layout's variant folder) or of stage folders.
    static func isGenerated(_ url: URL) -> Bool {
        let fm = FileManager.default
        guard let children = try? fm.contentsOfDirectory(atPath: url.path), !children.isEmpty else { return false }
        return children.allSatisfy { c in
            let child = url.appendingPathComponent(c)
            return isLink(child) || fm.fileExists(atPath: child.appendingPathComponent("hparams.yaml").path)
        }
    }
}

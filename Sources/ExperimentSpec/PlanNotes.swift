/// Settings that are accepted as the reference has them but act differently from what their name
/// suggests: `runexp plan` and `runexp run` print these before anything runs.
extension Experiment {
    /// One sentence per such setting, naming the file and the field.
    public var planNotes: [String] {
        guard let t = training, let p = t.pretrain else { return [] }
        var notes: [String] = []
        let at = coordinates.isEmpty ? file : "\(file) [\(variantLabel)]"
        if p.warmupEpochs > p.epochs {
            // The reference's warmup + cosine schedule simply keeps ramping when the run ends first.
            notes.append("\(at): pretrain.warmup_epochs \(p.warmupEpochs) exceeds pretrain.epochs \(p.epochs): "
                         + "the learning rate ramps up linearly for the whole run and never reaches the cosine phase")
        }
        if p.precision == 16 {
            // The reference's fp16 is a GPU setting; on a CPU the arithmetic stays float32.
            notes.append("\(at): pretrain.precision 16 runs as float32 on a CPU; its cache entries are those of precision 32")
        }
        return notes
    }
}

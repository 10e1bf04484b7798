import Foundation
import Models
import TensorCore

/// One training step per method on xresnet1d50 (12 × 250, batch 256 unless stated): forward,
/// backward and the Adam update, on pre-made random views (augmentation not included). Prints
/// `model <method> step batch <B>: <ms> ms <windows/s> windows/s (cpu <ms> ms)`; compare with
/// `scripts/bench_torch_models.py`. `bench models simclr byol` times only the methods named;
/// `simclr-4096` (the reference's SimCLR batch of 4096 windows × 2 views, one exact step, for its
/// peak memory) runs only when named.
func benchModels(only selectors: [String], batch: Int = 256, repeats: Int = 3) {
    let methods = chosen(["supervised", "simclr", "byol", "swav", "cpc", "cpc-demo"], namedOnly: ["simclr-4096"], by: selectors)
    var rng = SeededGenerator(seed: 1)
    func views(_ count: Int, batch: Int, length: Int = 250) -> [Tensor] {
        (0..<count).map { _ in Tensor.normal([batch, 12, length], using: &rng) }
    }
    func report(_ name: String, batch: Int, _ m: Measurement) { printFigure("model \(column(name, 10)) step", batch: batch, m) }
    let adam = OptimizerSettings(kind: .adam, learningRate: 1e-3, weightDecay: 1e-6)
    func encoder() -> XResNet1d { XResNet1d(depth: .d50, rng: &rng) }

    if methods.contains("supervised") {
        let model = XResNetClassifier(encoder: encoder(), classes: 71, rng: &rng)
        var run = ClassifierRun(model: model, trainable: model.namedVariables, settings: adam, totalSteps: 100, seed: 1)
        let x = views(1, batch: batch)[0]
        let y = Tensor(shape: [batch, 71], scalars: (0..<(batch * 71)).map { _ in Float(rng.int(below: 2)) })
        report("supervised", batch: batch, measure(repeats: repeats) { _ = try! run.step(x, targets: y, epoch: 0) })
    }
    func pretrain<M: PretrainingMethod>(_ name: String, _ method: M, batch: Int, length: Int = 250, epoch: Int = 0,
                                        repeats: Int = repeats) {
        var run = PretrainingRun(method: method, settings: adam, totalSteps: 100, seed: 1)
        let v = views(method.viewCount, batch: batch, length: length)
        report(name, batch: batch, measure(repeats: repeats) { _ = try! run.step(views: v, epoch: epoch) })
    }
    if methods.contains("simclr") { pretrain("simclr", SimCLR(encoder: encoder(), rng: &rng), batch: batch) }
    if methods.contains("simclr-4096") {
        pretrain("simclr-4096", SimCLR(encoder: encoder(), rng: &rng), batch: 4096, repeats: 1)
    }
    if methods.contains("byol") { pretrain("byol", BYOL(encoder: encoder(), rng: &rng), batch: batch) }
    // SwAV's reference step: 6 views of each window in one pass, prototypes trained (epoch ≥ 1).
    if methods.contains("swav") { pretrain("swav", SwAV(encoder: encoder(), viewCount: 6, rng: &rng), batch: batch, epoch: 1) }
    // CPC's reference step: batch 32 of 1000-sample windows, FC encoder, 12 steps ahead, 128 negatives.
    if methods.contains("cpc") { pretrain("cpc", CPC(model: CPCModel(rng: &rng)), batch: 32, length: 1000) }
    // The demo's CPC: 128-unit LSTM, batch 64 of 250-sample windows.
    if methods.contains("cpc-demo") { pretrain("cpc-demo", CPC(model: CPCModel(hidden: 128, rng: &rng)), batch: 64, length: 250) }
}

/// The demo's CPC classifier (128-unit LSTM, 250-sample windows): a finetuning step at batch 64
/// and an evaluation forward pass at batch 256 (its pretraining step is `bench models cpc-demo`).
func benchCPCDemo(repeats: Int = 3) {
    var rng = SeededGenerator(seed: 2)
    let adam = OptimizerSettings(kind: .adamw, learningRate: 1e-3, weightDecay: 1e-3)
    func report(_ name: String, batch: Int, _ m: Measurement) { printFigure("cpc-demo \(column(name, 14))", batch: batch, m) }
    let model = CPCClassifier(cpc: CPCModel(hidden: 128, rng: &rng), head: .finetune, classes: 71, rng: &rng)
    var ft = ClassifierRun(model: model, trainable: model.namedVariables, settings: adam, totalSteps: 100, seed: 1)
    let x = Tensor.normal([64, 12, 250], using: &rng)
    let y = Tensor(shape: [64, 71], scalars: (0..<(64 * 71)).map { _ in Float(rng.int(below: 2)) })
    report("finetune step", batch: 64, measure(repeats: repeats) { _ = try! ft.step(x, targets: y, epoch: 0) })

    let xe = Variable(Tensor.normal([256, 12, 250], using: &rng))
    report("eval forward", batch: 256, measure(repeats: repeats) {
        _ = withoutGrad { () -> Tensor in
            var ctx = ForwardContext(training: false)
            return model.logits(xe, &ctx).value
        }
    })
}

/// Representation export in evaluation mode, no gradient tape: xresnet1d50's 512-d pooled
/// features of 256 windows × 12 × 250, and the CPC encoder + LSTM's context averaged over time
/// (the demo's 128-unit model on 250 samples, the reference's 512-unit one on 1000). Prints
/// `inference <model> batch <B>: <ms> ms <windows/s> windows/s`; `bench inference cpc` times one.
func benchInference(only selectors: [String], repeats: Int = 3) {
    let models = chosen(["xresnet1d50", "cpc-demo", "cpc"], by: selectors)
    var rng = SeededGenerator(seed: 3)
    func embed(_ name: String, batch: Int, length: Int, _ forward: (Variable, inout ForwardContext) -> Variable) {
        let x = Variable(Tensor.normal([batch, 12, length], using: &rng))
        printFigure("inference \(column(name, 11))", batch: batch, measure(repeats: repeats) {
            _ = withoutGrad { () -> Tensor in
                var ctx = ForwardContext(training: false)
                return forward(x, &ctx).value
            }
        })
    }
    if models.contains("xresnet1d50") {
        let encoder = XResNet1d(depth: .d50, rng: &rng)
        embed("xresnet1d50", batch: 256, length: 250) { encoder($0, &$1) }
    }
    for (name, hidden, batch, length) in [("cpc-demo", 128, 256, 250), ("cpc", 512, 64, 1000)] where models.contains(name) {
        let model = CPCModel(hidden: hidden, rng: &rng)
        embed(name, batch: batch, length: length) { mean(model.context(model.encode($0, &$1), &$1), axes: [1]) }
    }
}

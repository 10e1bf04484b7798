import XCTest
import TensorCore
import TestSupport
@testable import Models

/// Gradient accumulation (Lightning's `accumulate_grad_batches`): micro-batch losses divided by
/// the count, gradients summed, one optimizer step.
final class AccumulationTests: XCTestCase {
    /// A small classifier; `batchNorm` puts a BatchNorm between its two layers. Same seed, same weights.
    func mlp(batchNorm: Bool, seed: UInt64 = 3) -> Sequential {
        var rng = SeededGenerator(seed: seed)
        var layers: [any Layer] = [Linear(6, 8, rng: &rng)]
        if batchNorm { layers.append(BatchNorm1d(8)) }
        layers += [ReLU(), Linear(8, 3, rng: &rng)]
        return Sequential(layers)
    }

    /// Plain SGD at rate 1, so a step moves every parameter by exactly minus its gradient.
    func trainer(_ model: some Layer) -> Trainer {
        Trainer(optimizer: SGD([ParameterGroup(model.parameters, lr: 1)]), schedule: ConstantSchedule(), totalSteps: 1, seed: 0)
    }

    let x = GradCheck.randomTensor([8, 6], seed: 1)
    let y = Tensor(shape: [8, 3], scalars: (0..<24).map { Float(($0 * 7) % 5 == 0 ? 1 : 0) })

    func rows(_ t: Tensor, _ r: Range<Int>) -> Tensor {
        let w = t.count / t.shape[0]
        return Tensor(shape: [r.count] + t.shape.dropFirst(), scalars: Array(t.scalars[(r.lowerBound * w)..<(r.upperBound * w)]))
    }

    func loss(_ model: Sequential, _ r: Range<Int>, _ ctx: inout ForwardContext) -> Variable {
        bceWithLogits(model(Variable(rows(x, r)), &ctx), targets: rows(y, r))
    }

    func values(_ model: some Layer) -> [Float] { model.namedVariables.flatMap { $0.variable.value.scalars } }

    func maxDiff(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }

    func testWithoutBatchNormTwoHalvesEqualOneFullBatch() throws {
        let full = mlp(batchNorm: false), halves = mlp(batchNorm: false)
        var t1 = trainer(full), t2 = trainer(halves)
        let l1 = try t1.step { ctx in loss(full, 0..<8, &ctx) }
        let l2 = try t2.step(microBatches: 2) { m, ctx in loss(halves, (4 * m)..<(4 * m + 4), &ctx) }
        // The loss is a mean over samples, so the mean of the two half-batch means is the full mean.
        XCTAssertEqual(l1, l2, accuracy: 1e-6)
        let d = maxDiff(values(full), values(halves))
        print("accumulation without BatchNorm: max |Δparameter| vs full batch \(d)")
        XCTAssertLessThanOrEqual(d, 1e-6)
        XCTAssertEqual(t2.progress.step, 1, "one optimizer step for the two micro-batches")
    }

    func testWithBatchNormEachHalfIsNormalisedWithItsOwnStatistics() throws {
        let accumulated = mlp(batchNorm: true), explicit = mlp(batchNorm: true), full = mlp(batchNorm: true)
        let before = values(accumulated)
        var ta = trainer(accumulated), tf = trainer(full)
        let la = try ta.step(microBatches: 2) { m, ctx in loss(accumulated, (4 * m)..<(4 * m + 4), &ctx) }
        let lf = try tf.step { ctx in loss(full, 0..<8, &ctx) }

        // The documented semantics written out: two training-mode passes of 4 rows each (own batch
        // statistics, two running-statistics updates), each loss halved, gradients summed.
        var ctx = ForwardContext(training: true)
        let halves = [loss(explicit, 0..<4, &ctx), loss(explicit, 4..<8, &ctx)]
        for h in halves { scale(h, 0.5).backward() }
        XCTAssertEqual(la, (halves[0].value.scalar + halves[1].value.scalar) / 2, accuracy: 1e-6)
        var offset = 0
        for (a, e) in zip(accumulated.namedVariables, explicit.namedVariables) {
            let n = a.variable.value.count
            let start = Array(before[offset..<(offset + n)])
            offset += n
            if a.kind == .parameter {
                // SGD at rate 1: the step is minus the summed halved gradients.
                let step = zip(start, a.variable.value.scalars).map { $0 - $1 }
                XCTAssertLessThanOrEqual(maxDiff(step, e.variable.grad!.scalars), 1e-6, a.name)
            } else {
                XCTAssertLessThanOrEqual(maxDiff(a.variable.value.scalars, e.variable.value.scalars), 1e-6, "\(a.name) (two updates)")
            }
        }
        // And it is not the full batch: its loss and step differ measurably.
        let d = maxDiff(accumulated.parameters.flatMap(\.value.scalars), full.parameters.flatMap(\.value.scalars))
        print("accumulation with BatchNorm: loss \(la) vs full batch \(lf), max |Δparameter| \(d)")
        XCTAssertGreaterThan(abs(la - lf), 1e-3)
        XCTAssertGreaterThan(d, 1e-3)
    }

    func testNTXentNegativesStayWithinEachMicroBatch() throws {
        let v1 = GradCheck.randomTensor([8, 6], seed: 5), v2 = TensorMath.map(v1) { $0 * 0.9 } + GradCheck.randomTensor([8, 6], seed: 6, scale: 0.3)
        func model() -> Linear { var rng = SeededGenerator(seed: 9); return Linear(6, 4, rng: &rng) }
        func ntxent(_ p: Linear, _ r: Range<Int>, _ ctx: inout ForwardContext) -> Variable {
            ntXentLoss(l2Normalize(p(Variable(rows(v1, r)), &ctx), axis: 1), l2Normalize(p(Variable(rows(v2, r)), &ctx), axis: 1),
                       temperature: 0.5)
        }
        let accumulated = model(), explicit = model(), full = model()
        let before = accumulated.weight.value.scalars
        var ta = trainer(accumulated), tf = trainer(full)
        let la = try ta.step(microBatches: 2) { m, ctx in ntxent(accumulated, (4 * m)..<(4 * m + 4), &ctx) }
        let lf = try tf.step { ctx in ntxent(full, 0..<8, &ctx) }

        // Each half's NT-Xent has 2·4 − 2 = 6 negatives per row, not the full batch's 14.
        var ctx = ForwardContext(training: true)
        let halves = [ntxent(explicit, 0..<4, &ctx), ntxent(explicit, 4..<8, &ctx)]
        for h in halves { scale(h, 0.5).backward() }
        XCTAssertEqual(la, (halves[0].value.scalar + halves[1].value.scalar) / 2, accuracy: 1e-6)
        let step = zip(before, accumulated.weight.value.scalars).map { $0 - $1 }
        XCTAssertLessThanOrEqual(maxDiff(step, explicit.weight.grad!.scalars), 1e-6)
        print("accumulated NT-Xent: mean of half-batch losses \(la), full-batch loss \(lf)")
        XCTAssertGreaterThan(abs(la - lf), 1e-2, "fewer negatives give a different (smaller) loss")
        XCTAssertGreaterThan(maxDiff(accumulated.weight.value.scalars, full.weight.value.scalars), 1e-4)
    }

    func testPretrainingRunAveragesTheMicroBatchLosses() throws {
        var rng = SeededGenerator(seed: 1)
        let simclr = SimCLR(encoder: TrainingFixtures.encoder(seed: 1), rng: &rng)
        var run = PretrainingRun(method: simclr, settings: TrainingFixtures.adam, totalSteps: 1, seed: 1)
        let x = TrainingFixtures.windows(seed: 2)
        let a = TrainingFixtures.views(of: x, count: 2, seed: 3), b = TrainingFixtures.views(of: x, count: 2, seed: 4)
        // The losses before the step, each micro-batch on its own (evaluation-free: a fresh training pass each).
        var c1 = ForwardContext(training: true), c2 = ForwardContext(training: true)
        let expected = withoutGrad {
            (simclr.loss(views: a, progress: run.trainer.progress, &c1).value.scalar
             + simclr.loss(views: b, progress: run.trainer.progress, &c2).value.scalar) / 2
        }
        let loss = try run.step(microBatches: [a, b], epoch: 0)
        XCTAssertEqual(run.trainer.progress.step, 1)
        // The extra passes above moved BatchNorm running statistics only, which training mode ignores.
        XCTAssertEqual(loss, expected, accuracy: 1e-5)
    }
}

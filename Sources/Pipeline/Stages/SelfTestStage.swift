import ExperimentSpec
import Foundation
import TensorCore

/// The runner's self-test stage: a seeded, deterministic iterated map on a state vector,
/// checkpointed every `runtime.checkpoint_every` steps (state + generator), so killing and
/// resuming it must reproduce the uninterrupted result bit for bit.
public struct SelfTestStage: Stage {
    public let version = 2

    /// The stage; it has no configuration beyond the spec.
    public init() {}

    private struct State: Codable {
        var step: Int
        var x: [Double]
        var rng: SeededGenerator
    }

    public func run(_ inputs: SelfTestInputs, _ context: StageContext) throws {
        let spec = inputs.spec
        var state: State
        if let (step, url) = context.checkpoints.latest() {
            state = try JSONDecoder().decode(State.self, from: Data(contentsOf: url.appendingPathComponent("state.json")))
            guard state.step == step, state.x.count == spec.width else {
                throw PipelineError.cache("checkpoint \(url.path) does not match step \(step) / width \(spec.width)")
            }
        } else {
            var rng = context.makeGenerator()
            state = State(step: 0, x: (0..<spec.width).map { _ in rng.normal() }, rng: rng)
        }
        let n = spec.width
        while state.step < spec.steps {
            // A contracting random map: x ← tanh(0.9·roll(x) + 0.1·noise); cheap, chaotic enough that
            // any lost or repeated step changes the result.
            var next = [Double](repeating: 0, count: n)
            for i in 0..<n {
                next[i] = Foundation.tanh(0.9 * state.x[(i + 1) % n] + 0.5 * state.x[i] * state.x[(i + 2) % n]
                                          + 0.1 * state.rng.normal())
            }
            state.x = next
            state.step += 1
            if context.checkpoints.isDue(step: state.step) && state.step < spec.steps {
                let s = state
                try context.checkpoints.save(step: state.step) { dir in
                    try JSONEncoder().encode(s).write(to: dir.appendingPathComponent("state.json"))
                }
            }
            if state.step % context.runtime.logEvery == 0 || state.step == spec.steps {
                context.progress.update(done: state.step, total: spec.steps, note: "")
            }
        }
        let norm = state.x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let values = state.x.map { String($0) }.joined(separator: "\n") + "\n"
        try values.write(to: context.output.appendingPathComponent("state.txt"), atomically: true, encoding: .utf8)
        try "metric,value\nsteps,\(spec.steps)\nnorm,\(norm)\n"
            .write(to: context.output.appendingPathComponent("metrics.csv"), atomically: true, encoding: .utf8)
    }
}

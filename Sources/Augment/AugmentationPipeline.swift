import Foundation
import TensorCore

/// One entry of a pipeline as written in an experiment file: a name (full or abbreviated)
/// and parameter overrides.
public struct TransformStep: Hashable, Sendable {
    /// Full name or abbreviation, e.g. "RandomResizedCrop" or "RRC".
    public var name: String
    /// Overrides of the transformation's defaults.
    public var parameters: [String: TransformParameter]

    /// A step with optional parameter overrides.
    public init(_ name: String, _ parameters: [String: TransformParameter] = [:]) {
        self.name = name
        self.parameters = parameters
    }
}

/// Transformations applied in order to each window (the reference's `trafos` list).
public struct AugmentationPipeline: Sendable, CustomStringConvertible {
    /// The transformations, first applied first.
    public let transforms: [any Transform]

    /// A pipeline of already built transformations.
    public init(_ transforms: [any Transform]) {
        self.transforms = transforms
    }

    /// Builds and validates every step, in order; throws on the first bad name or parameter.
    public init(steps: [TransformStep]) throws {
        transforms = try steps.map { try makeTransform($0.name, $0.parameters) }
    }

    /// A pipeline of the named transformations with default parameters.
    public init(names: [String]) throws {
        try self.init(steps: names.map { TransformStep($0) })
    }

    /// Parses a comma-separated list such as "RRC,TO" (spaces ignored, default parameters).
    public static func parse(_ list: String) throws -> AugmentationPipeline {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return try AugmentationPipeline(names: names)
    }

    /// The reference's transformations when an experiment names none.
    public static let referenceDefaultNames = ["GaussianNoise", "ChannelResize", "RandomResizedCrop"]

    /// Throws unless every transformation can process windows of this shape.
    public func validate(leads: Int, length: Int) throws {
        for t in transforms { try t.validate(leads: leads, length: length) }
    }

    /// Applies every transformation in order to one window, in place.
    public func apply(to window: WindowView, scratch: AugmentScratch, rng: inout SeededGenerator) {
        for t in transforms { t.apply(to: window, scratch: scratch, rng: &rng) }
    }

    /// The reference's run-folder tag, e.g. "RRC TO" (full names where there is no abbreviation).
    public var abbreviations: String {
        transforms.map { $0.kind.abbreviation ?? $0.kind.rawValue }.joined(separator: " ")
    }

    public var description: String {
        transforms.isEmpty ? "identity" : transforms.map(\.description).joined(separator: " -> ")
    }
}

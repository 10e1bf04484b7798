import Foundation

/// The reference implementation's state-dict names and shapes, checked in under Tests/Fixtures.
public enum ReferenceFixtures {
    /// Name → shape of the first model in the fixture whose key starts with `modelPrefix`
    /// (`simclr…` for ResNetSimCLR, `cpc…` for the CPC model).
    public static func stateDictShapes(modelPrefix: String) throws -> [String: [Int]] {
        let url = PythonOracle.packageRoot.appendingPathComponent("Tests/Fixtures/reference_state_dict_names.json")
        let models = try JSONDecoder().decode([String: [String: [Int]]].self, from: Data(contentsOf: url))
        guard let model = models.first(where: { $0.key.hasPrefix(modelPrefix) }) else {
            throw CocoaError(.coderValueNotFound, userInfo: [NSDebugDescriptionErrorKey: "no model '\(modelPrefix)…' in \(url.path)"])
        }
        return model.value
    }
}

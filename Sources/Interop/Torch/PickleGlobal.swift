/// The only globals a checkpoint pickle may name. Anything else (`os.system`, `builtins.eval`,
/// arbitrary classes) is refused when the GLOBAL opcode is read, before anything could be called.
enum PickleGlobal: Equatable {
    /// `collections.OrderedDict`: an insertion-ordered dict.
    case orderedDict
    /// Attribute-style dicts (`argparse.Namespace`, Lightning's `AttributeDict`): read as dicts.
    case namespace(String)
    /// `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])`.
    case rebuildTensor
    /// `torch._utils._rebuild_parameter(data, requires_grad, hooks[, state])`: the data tensor.
    case rebuildParameter
    /// A legacy storage class such as `torch.FloatStorage`, used inside persistent ids.
    case storageType(TorchDType)
    /// `_codecs.encode(text, 'latin1')`: how protocol 2 spells Python 3 bytes.
    case codecsEncode

    init?(module: String, name: String) {
        switch (module, name) {
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("argparse", "Namespace"),
             ("pytorch_lightning.utilities.parsing", "AttributeDict"),
             ("lightning_fabric.utilities.data", "AttributeDict"),
             ("lightning.fabric.utilities.data", "AttributeDict"):
            self = .namespace("\(module).\(name)")
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensor
        case ("torch._utils", "_rebuild_parameter"), ("torch._utils", "_rebuild_parameter_with_state"):
            self = .rebuildParameter
        case ("_codecs", "encode"): self = .codecsEncode
        case ("torch", _):
            guard let dtype = TorchDType(storageClass: name) else { return nil }
            self = .storageType(dtype)
        default:
            return nil
        }
    }
}

import FileSupport
import Foundation
import TensorCore

/// A storage referenced by a persistent id: ('storage', type, key, location, numel).
struct StorageReference: Equatable {
    let dtype: TorchDType
    let key: String
    let count: Int
}

/// Runs the subset of the pickle virtual machine (protocol 2–5) that `torch.save` emits for state
/// dicts and Lightning checkpoints. It only builds data: tensors, storages, containers, scalars.
/// Every global is checked against `PickleGlobal`, and only the whitelisted callables are "called",
/// by this interpreter's own code.
struct PickleMachine {
    /// Supplies a storage's elements as float32 (read from the checkpoint archive).
    typealias StorageLoader = (StorageReference) throws -> [Float]

    private let name: String
    private let valueBudget: Int
    private let loadStorage: StorageLoader

    /// Deepest container nesting `run` accepts in a result.
    static let maxDepth = 200

    /// A machine for the pickle called `name`; a result may expand to at most `valueBudget` values.
    init(name: String, valueBudget: Int = 5_000_000, loadStorage: @escaping StorageLoader) {
        self.name = name
        self.valueBudget = valueBudget
        self.loadStorage = loadStorage
    }

    /// Reference-typed containers so that memoised objects see later mutation, as in Python.
    private final class ListBox { var items: [Node] = [] }
    private final class DictBox {
        var items: [(Node, Node)] = []
        /// Attribute namespaces take their fields from BUILD state; real dicts keep theirs as items.
        var isNamespace = false
    }

    /// Every container a run creates. A hostile pickle can nest lists thousands deep (mutating
    /// them after nesting, so no depth count at construction can see it); releasing such a
    /// chain recursively would overflow the stack, so the run empties every box itself at the end.
    private final class Arena {
        private var lists: [ListBox] = [], dicts: [DictBox] = []
        func list() -> ListBox { let b = ListBox(); lists.append(b); return b }
        func dict() -> DictBox { let b = DictBox(); dicts.append(b); return b }
        func tearDown() {
            for b in lists { b.items.removeAll() }
            for b in dicts { b.items.removeAll() }
        }
    }

    private enum Node {
        case none, bool(Bool), int(Int), float(Double), string(String), bytes(Data)
        /// Items, and how many tuples deep the tuple nests (tuples are immutable, so this is exact).
        case tuple([Node], depth: Int)
        case list(ListBox)
        case dict(DictBox)
        case tensor(TorchTensor)
        case storage(StorageReference)
        case global(PickleGlobal)
    }

    /// Decodes the pickle in `data`.
    func run(_ data: Data) throws -> PickleValue {
        var reader = ByteReader(data, context: "pickle '\(name)'", error: InteropError.init)
        var stack: [Node] = []
        var marks: [Int] = []
        var memo: [Int: Node] = [:]
        let arena = Arena()
        defer { arena.tearDown() }

        func fail(_ message: String) -> InteropError { InteropError("pickle '\(name)': \(message)") }
        func pop() throws -> Node {
            guard let top = stack.popLast() else { throw fail("stack underflow at byte \(reader.position)") }
            return top
        }
        func popMark() throws -> [Node] {
            guard let mark = marks.popLast() else { throw fail("missing MARK at byte \(reader.position)") }
            // Items below the MARK may have been popped since it was set.
            guard mark <= stack.count else { throw fail("MARK at stack depth \(mark) was popped past at byte \(reader.position)") }
            defer { stack.removeSubrange(mark...) }
            return Array(stack[mark...])
        }
        func pushMemo(_ index: Int) throws {
            guard let top = stack.last else { throw fail("memoising an empty stack") }
            memo[index] = top
        }
        func get(_ index: Int) throws -> Node {
            guard let value = memo[index] else { throw fail("memo entry \(index) read before it was written") }
            return value
        }
        func text(_ bytes: Data) throws -> String {
            guard let s = String(data: bytes, encoding: .utf8) else { throw fail("invalid UTF-8 string at byte \(reader.position)") }
            return s
        }
        func appendItems(_ items: [Node]) throws {
            guard case .list(let box)? = stack.last else { throw fail("APPEND(S) target is not a list") }
            box.items.append(contentsOf: items)
        }
        func setItems(_ items: [Node]) throws {
            guard items.count % 2 == 0 else { throw fail("SETITEMS with an odd number of items") }
            guard case .dict(let box)? = stack.last else { throw fail("SETITEM(S) target is not a dict") }
            for i in stride(from: 0, to: items.count, by: 2) { box.items.append((items[i], items[i + 1])) }
        }
        /// A tuple, refused when tuples nest deeper than the result may (their release recurses).
        func tuple(_ items: [Node]) throws -> Node {
            var depth = 1
            for case .tuple(_, let d) in items { depth = max(depth, d + 1) }
            guard depth <= Self.maxDepth else { throw fail("tuples nested more than \(Self.maxDepth) deep at byte \(reader.position)") }
            return .tuple(items, depth: depth)
        }
        func global(_ module: String, _ attribute: String) throws -> Node {
            guard let g = PickleGlobal(module: module, name: attribute) else {
                throw fail("refusing global '\(module).\(attribute)': a checkpoint may only reference tensors, storages and plain containers, never code")
            }
            return .global(g)
        }

        while true {
            let opcode = try reader.u8("opcode")
            switch opcode {
            case 0x80: // PROTO
                let version = try reader.u8("protocol version")
                guard (2...5).contains(version) else { throw fail("unsupported pickle protocol \(version) (need 2–5)") }
            case 0x95: try reader.skip(8, for: "FRAME length") // framing is transparent here
            case UInt8(ascii: "."): // STOP
                guard let result = stack.popLast(), stack.isEmpty else { throw fail("malformed stream (stack not empty at STOP)") }
                var active = Set<ObjectIdentifier>()
                var budget = valueBudget
                return try freeze(result, active: &active, budget: &budget, depth: 0)
            case UInt8(ascii: "("): marks.append(stack.count)
            case UInt8(ascii: "0"): _ = try pop()
            case UInt8(ascii: "1"): _ = try popMark()
            case UInt8(ascii: "2"): guard let top = stack.last else { throw fail("DUP on an empty stack") }; stack.append(top)
            case UInt8(ascii: "N"): stack.append(.none)
            case 0x88: stack.append(.bool(true))
            case 0x89: stack.append(.bool(false))
            case UInt8(ascii: "J"): stack.append(.int(Int(try reader.readInteger(Int32.self, for: "BININT"))))
            case UInt8(ascii: "K"): stack.append(.int(Int(try reader.u8("BININT1"))))
            case UInt8(ascii: "M"): stack.append(.int(Int(try reader.u16("BININT2"))))
            case 0x8A, 0x8B: // LONG1, LONG4: little-endian two's complement
                let length = opcode == 0x8A ? Int(try reader.u8("LONG1 length")) : Int(try reader.readInteger(Int32.self, for: "LONG4 length"))
                guard length <= 8 else { throw fail("integer of \(length) bytes does not fit 64 bits") }
                let bytes = try reader.readBytes(length, for: "LONG value")
                var value: Int64 = 0
                for (i, byte) in bytes.enumerated() { value |= Int64(byte) << (8 * Int64(i)) }
                if let last = bytes.last, length < 8, last & 0x80 != 0 { value -= Int64(1) << (8 * Int64(length)) }
                stack.append(.int(Int(value)))
            case UInt8(ascii: "G"): stack.append(.float(Double(bitPattern: try reader.u64("BINFLOAT").byteSwapped))) // big-endian
            case UInt8(ascii: "X"): stack.append(.string(try text(reader.readBytes(Int(try reader.u32("BINUNICODE length")), for: "BINUNICODE"))))
            case 0x8C: stack.append(.string(try text(reader.readBytes(Int(try reader.u8("SHORT_BINUNICODE length")), for: "SHORT_BINUNICODE"))))
            case 0x8D: stack.append(.string(try text(reader.readBytes(try reader.size64("BINUNICODE8 length"), for: "BINUNICODE8"))))
            case UInt8(ascii: "T"), UInt8(ascii: "U"): // BINSTRING, SHORT_BINSTRING (Python 2 str)
                let length = opcode == UInt8(ascii: "T") ? Int(try reader.u32("BINSTRING length")) : Int(try reader.u8("SHORT_BINSTRING length"))
                stack.append(.string(String(decoding: try reader.readBytes(length, for: "BINSTRING"), as: UTF8.self)))
            case UInt8(ascii: "B"): stack.append(.bytes(try reader.readBytes(Int(try reader.u32("BINBYTES length")), for: "BINBYTES")))
            case UInt8(ascii: "C"): stack.append(.bytes(try reader.readBytes(Int(try reader.u8("SHORT_BINBYTES length")), for: "SHORT_BINBYTES")))
            case 0x8E, 0x96: stack.append(.bytes(try reader.readBytes(try reader.size64("BINBYTES8 length"), for: "BINBYTES8")))
            case UInt8(ascii: "}"): stack.append(.dict(arena.dict()))
            case UInt8(ascii: "d"):
                let box = arena.dict()
                let items = try popMark()
                guard items.count % 2 == 0 else { throw fail("DICT with an odd number of items") }
                for i in stride(from: 0, to: items.count, by: 2) { box.items.append((items[i], items[i + 1])) }
                stack.append(.dict(box))
            case UInt8(ascii: "]"), 0x8F: stack.append(.list(arena.list())) // EMPTY_LIST, EMPTY_SET
            case UInt8(ascii: "l"), 0x91: // LIST, FROZENSET
                let box = arena.list()
                box.items = try popMark()
                stack.append(.list(box))
            case UInt8(ascii: ")"): stack.append(try tuple([]))
            case UInt8(ascii: "t"): stack.append(try tuple(try popMark()))
            case 0x85: stack.append(try tuple([try pop()]))
            case 0x86: let b = try pop(), a = try pop(); stack.append(try tuple([a, b]))
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); stack.append(try tuple([a, b, c]))
            case UInt8(ascii: "a"): try appendItems([try pop()])
            case UInt8(ascii: "e"), 0x90: try appendItems(try popMark()) // APPENDS, ADDITEMS
            case UInt8(ascii: "s"): let v = try pop(), k = try pop(); try setItems([k, v])
            case UInt8(ascii: "u"): try setItems(try popMark())
            case UInt8(ascii: "q"): try pushMemo(Int(try reader.u8("BINPUT index")))
            case UInt8(ascii: "r"): try pushMemo(Int(try reader.u32("LONG_BINPUT index")))
            case 0x94: try pushMemo(memo.count)
            case UInt8(ascii: "h"): stack.append(try get(Int(try reader.u8("BINGET index"))))
            case UInt8(ascii: "j"): stack.append(try get(Int(try reader.u32("LONG_BINGET index"))))
            case UInt8(ascii: "c"): // GLOBAL "module\nname\n"
                let module = try readLine(&reader), attribute = try readLine(&reader)
                stack.append(try global(module, attribute))
            case 0x93: // STACK_GLOBAL
                guard case .string(let attribute) = try pop(), case .string(let module) = try pop() else {
                    throw fail("STACK_GLOBAL needs two strings")
                }
                stack.append(try global(module, attribute))
            case UInt8(ascii: "Q"): // BINPERSID
                stack.append(.storage(try persistentStorage(try pop(), fail: fail)))
            case UInt8(ascii: "R"): // REDUCE
                let arguments = try pop(), callable = try pop()
                guard case .tuple(let args, _) = arguments else { throw fail("REDUCE arguments are not a tuple") }
                stack.append(try call(callable, args, arena: arena, fail: fail))
            case 0x81: // NEWOBJ: cls.__new__(cls, *args)
                let arguments = try pop(), cls = try pop()
                guard case .tuple(let args, _) = arguments else { throw fail("NEWOBJ arguments are not a tuple") }
                stack.append(try call(cls, args, arena: arena, fail: fail))
            case 0x92: // NEWOBJ_EX
                _ = try pop()
                let arguments = try pop(), cls = try pop()
                guard case .tuple(let args, _) = arguments else { throw fail("NEWOBJ_EX arguments are not a tuple") }
                stack.append(try call(cls, args, arena: arena, fail: fail))
            case UInt8(ascii: "b"): // BUILD
                let state = try pop()
                guard let target = stack.last else { throw fail("BUILD on an empty stack") }
                try build(target, state: state, fail: fail)
            default:
                let known: [UInt8: String] = [
                    UInt8(ascii: "I"): "INT", UInt8(ascii: "L"): "LONG", UInt8(ascii: "S"): "STRING",
                    UInt8(ascii: "V"): "UNICODE", UInt8(ascii: "F"): "FLOAT", UInt8(ascii: "p"): "PUT",
                    UInt8(ascii: "g"): "GET", UInt8(ascii: "P"): "PERSID", UInt8(ascii: "i"): "INST",
                    UInt8(ascii: "o"): "OBJ", 0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4",
                    0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER",
                ]
                let label = known[opcode].map { "opcode \($0)" } ?? "unknown opcode 0x\(String(opcode, radix: 16))"
                throw fail("\(label) at byte \(reader.position - 1) is not supported (PyTorch state dicts use protocol 2+ data opcodes only)")
            }
        }
    }

    private func readLine(_ reader: inout ByteReader) throws -> String {
        var bytes: [UInt8] = []
        while true {
            let byte = try reader.u8("GLOBAL name")
            if byte == 10 { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    private func persistentStorage(_ pid: Node, fail: (String) -> InteropError) throws -> StorageReference {
        guard case .tuple(let parts, _) = pid, parts.count == 5, case .string("storage") = parts[0] else {
            throw fail("unsupported persistent id (expected ('storage', type, key, location, numel))")
        }
        guard case .global(.storageType(let dtype)) = parts[1] else { throw fail("persistent id names an unsupported storage type") }
        guard case .string(let key) = parts[2], case .int(let count) = parts[4], count >= 0 else {
            throw fail("malformed storage persistent id")
        }
        return StorageReference(dtype: dtype, key: key, count: count)
    }

    private func call(_ callable: Node, _ args: [Node], arena: Arena, fail: (String) -> InteropError) throws -> Node {
        guard case .global(let g) = callable else { throw fail("REDUCE/NEWOBJ on a value that is not a whitelisted global") }
        switch g {
        case .orderedDict, .namespace:
            let box = arena.dict()
            if case .namespace = g { box.isNamespace = true }
            // OrderedDict(iterable_of_pairs) is allowed; namespaces start empty and get BUILD state.
            if case .list(let pairs)? = args.first {
                for pair in pairs.items {
                    guard case .tuple(let kv, _) = pair, kv.count == 2 else { throw fail("OrderedDict items must be pairs") }
                    box.items.append((kv[0], kv[1]))
                }
            } else if !args.isEmpty, case .orderedDict = g {
                throw fail("OrderedDict called with unsupported arguments")
            }
            return .dict(box)
        case .rebuildTensor:
            return .tensor(try rebuildTensor(args, fail: fail))
        case .rebuildParameter:
            guard case .tensor(let tensor)? = args.first else { throw fail("_rebuild_parameter without a tensor") }
            return .tensor(tensor)
        case .codecsEncode:
            guard args.count == 2, case .string(let text) = args[0], case .string(let encoding) = args[1],
                  ["latin1", "latin-1"].contains(encoding.lowercased()) else {
                throw fail("_codecs.encode is only accepted as encode(str, 'latin1')")
            }
            return .bytes(Data(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }))
        case .storageType:
            throw fail("storage classes cannot be called")
        }
    }

    /// BUILD sets attributes. A namespace's attributes are its fields; a state dict's attributes
    /// (OrderedDict `_metadata`: module versions) are not tensors or settings and are dropped.
    private func build(_ target: Node, state: Node, fail: (String) -> InteropError) throws {
        switch target {
        case .dict(let box):
            if box.isNamespace {
                guard case .dict(let stateBox) = state else { throw fail("namespace state is not a dict") }
                box.items.append(contentsOf: stateBox.items)
            }
        case .tensor:
            break // tensors' BUILD state (e.g. hooks) carries nothing we use
        default:
            throw fail("BUILD on an unsupported object")
        }
    }

    private func rebuildTensor(_ args: [Node], fail: (String) -> InteropError) throws -> TorchTensor {
        guard args.count >= 4, case .storage(let storage) = args[0], case .int(let offset) = args[1],
              case .tuple(let sizeNodes, _) = args[2], case .tuple(let strideNodes, _) = args[3] else {
            throw fail("malformed _rebuild_tensor_v2 arguments")
        }
        let size = try sizeNodes.map { node -> Int in guard case .int(let v) = node, v >= 0 else { throw fail("bad tensor size") }; return v }
        let stride = try strideNodes.map { node -> Int in guard case .int(let v) = node, v >= 0 else { throw fail("bad tensor stride") }; return v }
        guard size.count == stride.count else { throw fail("tensor size \(size) and stride \(stride) differ in rank") }
        let elements = try loadStorage(storage)
        // Bound every extent by the storage before multiplying, so hostile sizes cannot overflow.
        guard offset >= 0, offset <= elements.count, size.allSatisfy({ $0 <= elements.count }),
              stride.allSatisfy({ $0 <= elements.count }), let count = checkedProduct(size) else {
            throw fail("tensor view (offset \(offset), size \(size), stride \(stride)) does not fit storage 'data/\(storage.key)' holding \(elements.count) elements")
        }
        // Each term is below count², but a high rank can still add up past Int.max: checked sums.
        var reach = offset
        if count > 0 {
            for (extent, step) in zip(size, stride) {
                let (term, o1) = (extent - 1).multipliedReportingOverflow(by: step)
                let (sum, o2) = reach.addingReportingOverflow(term)
                guard !o1, !o2 else { reach = .max; break }
                reach = sum
            }
        }
        guard count == 0 || reach < elements.count else {
            throw fail("tensor view (offset \(offset), size \(size), stride \(stride)) reaches element \(reach) of storage 'data/\(storage.key)' holding \(elements.count)")
        }
        return TorchTensor(dtype: storage.dtype, tensor: Tensor(shape: size, scalars: StridedCopy.contiguous(elements, offset: offset, size: size, stride: stride)))
    }

    /// Converts the VM's reference graph to an immutable value tree. Cycles are refused, and the
    /// value budget stops a tiny hostile pickle of shared nested containers from expanding
    /// exponentially ("billion laughs").
    private func freeze(_ node: Node, active: inout Set<ObjectIdentifier>, budget: inout Int, depth: Int) throws -> PickleValue {
        budget -= 1
        guard budget >= 0 else {
            throw InteropError("pickle '\(name)': the object expands to more than \(valueBudget) values (shared containers nested too deep)")
        }
        // The recursion below must not exhaust the stack; checkpoints nest a handful of levels.
        guard depth < Self.maxDepth else {
            throw InteropError("pickle '\(name)': containers nested more than \(Self.maxDepth) levels deep")
        }
        let depth = depth + 1
        func enter(_ object: AnyObject) throws {
            guard active.insert(ObjectIdentifier(object)).inserted else {
                throw InteropError("pickle '\(name)': recursive containers are not supported")
            }
        }
        switch node {
        case .none: return .none
        case .bool(let v): return .bool(v)
        case .int(let v): return .int(v)
        case .float(let v): return .float(v)
        case .string(let v): return .string(v)
        case .bytes(let v): return .bytes(v)
        case .tensor(let t): return .tensor(t)
        case .tuple(let items, _): return .tuple(try items.map { try freeze($0, active: &active, budget: &budget, depth: depth) })
        case .list(let box):
            try enter(box)
            defer { active.remove(ObjectIdentifier(box)) }
            return .list(try box.items.map { try freeze($0, active: &active, budget: &budget, depth: depth) })
        case .dict(let box):
            try enter(box)
            defer { active.remove(ObjectIdentifier(box)) }
            return .dict(try box.items.map { PickleValue.Item(key: try freeze($0.0, active: &active, budget: &budget, depth: depth), value: try freeze($0.1, active: &active, budget: &budget, depth: depth)) })
        case .storage, .global:
            throw InteropError("pickle '\(name)': a bare storage or global cannot be part of the result")
        }
    }
}

/// Copies a strided view into a contiguous row-major array.
enum StridedCopy {
    static func contiguous(_ source: [Float], offset: Int, size: [Int], stride: [Int]) -> [Float] {
        let count = size.reduce(1, *)
        guard count > 0 else { return [] }
        var expected = 1
        var isContiguous = true
        for d in stride.indices.reversed() where size[d] != 1 {
            isContiguous = isContiguous && stride[d] == expected
            expected *= size[d]
        }
        if isContiguous { return Array(source[offset..<(offset + count)]) }
        var out = [Float](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: size.count)
        var position = offset
        for i in 0..<count {
            out[i] = source[position]
            // Odometer increment over the dimensions, innermost fastest.
            var d = size.count - 1
            while d >= 0 {
                index[d] += 1
                position += stride[d]
                if index[d] < size[d] { break }
                position -= stride[d] * size[d]
                index[d] = 0
                d -= 1
            }
        }
        return out
    }
}

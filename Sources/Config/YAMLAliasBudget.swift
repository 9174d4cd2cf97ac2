// libyaml is Yams' C core (the same library, not a second parser); its events are the only way to see
// aliases before Yams composes (and hashes) the trees they stand for.
import CYaml
import Foundation

/// A limit on how much YAML aliases may expand. A 488-byte "billion laughs" file (each anchor a list
/// of ten aliases to the one before) is composed cheaply by sharing, but every reader that walks or
/// hashes the tree visits 10^9 nodes. One pass over libyaml's events gives each anchor its expanded
/// size, so a file whose aliases add more than `limit` nodes is refused at the alias that crosses it,
/// in time linear in the file.
///
///     try YAMLAliasBudget.check(yaml, file: "Jobs/shop.yml")
///     // Jobs/shop.yml:9:8: aliases expand to more than 10000 nodes (a YAML alias bomb?); ...
public enum YAMLAliasBudget {
    /// Nodes that aliases may add to a file in all. Real configuration shares a few small blocks
    /// (a selector list, a limits mapping); ten thousand is far above that and far below a stall.
    public static let limit = 10_000

    public static func check(_ yaml: String, file: String, limit: Int = YAMLAliasBudget.limit) throws {
        // Without `*` there is no alias to expand: the usual file costs one byte scan.
        guard yaml.utf8.contains(UInt8(ascii: "*")) else { return }
        var text = yaml
        try text.withUTF8 { try check(utf8: $0, file: file, limit: limit) }
    }

    private static func check(utf8: UnsafeBufferPointer<UInt8>, file: String, limit: Int) throws {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, utf8.baseAddress, utf8.count)

        /// Expanded node count of each anchor (the latest definition wins, as in Yams).
        var sizes: [String: Int] = [:]
        /// Open collections: their anchor and their expanded node count so far.
        var open: [(anchor: String?, size: Int)] = []
        var expanded = 0
        func add(_ size: Int) { if !open.isEmpty { open[open.count - 1].size += size } }
        func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }

        while true {
            var event = yaml_event_t()
            // A syntax error is left to Yams, which reports it with its own line and column.
            guard yaml_parser_parse(&parser, &event) == 1 else { return }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_SCALAR_EVENT:
                if let anchor = name(event.data.scalar.anchor) { sizes[anchor] = 1 }
                add(1)
            case YAML_SEQUENCE_START_EVENT:
                open.append((name(event.data.sequence_start.anchor), 1))
            case YAML_MAPPING_START_EVENT:
                open.append((name(event.data.mapping_start.anchor), 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let done = open.popLast() else { break }
                if let anchor = done.anchor { sizes[anchor] = done.size }
                add(done.size)
            case YAML_ALIAS_EVENT:
                // An unknown anchor is Yams' error to report; it counts as one node here.
                let size = name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1
                expanded += size
                if expanded > limit {
                    let mark = event.start_mark
                    throw ConfigError(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1, key: "",
                                      message: "aliases expand to more than \(limit) nodes (a YAML alias bomb?); "
                                          + "write the values out or share fewer, smaller blocks")
                }
                add(size)
            default:
                break
            }
        }
    }
}

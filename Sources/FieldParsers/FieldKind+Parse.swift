import Foundation

extension FieldKind {
    /// Parses `text` as this kind of field.
    public func parse(_ text: String, context: ParseContext) -> Result<FieldValue, FieldParseError> {
        switch self {
        case .text:
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? .failure(FieldParseError(kind: self, input: text, reason: "empty text")) : .success(.text(t))
        default:
            return .failure(FieldParseError(kind: self, input: text, reason: "parser not implemented yet"))
        }
    }
}

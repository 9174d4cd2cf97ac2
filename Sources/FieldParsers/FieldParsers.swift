// FieldParsers: filled in by its issue.
import Model

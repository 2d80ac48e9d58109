/// The day's inputs behind one reference, for the judges of the attribute sweeps: a judge
/// makes a closure per attribute set (a million on a large day), and a closure that captured
/// `AuditInputs` itself would copy all its fields, a retain and a release each, every time.
final class SharedInputs {
    let inputs: AuditInputs

    init(_ inputs: AuditInputs) { self.inputs = inputs }
}

/// Sees every byte of an input file as it comes from the disk or the pipe, before any
/// decompression. A caller digests exactly what was analysed this way, in the same pass: a
/// FIFO or a process substitution can be read only once, and a file may change during a run.
public protocol ByteTap: AnyObject {
    func consume(_ bytes: UnsafeRawBufferPointer)
}

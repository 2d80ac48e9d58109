/// Where `count` parts of `0..<length` begin, cut so that each holds about an equal share of
/// the work, plus `length` at the end: `count + 1` bounds, part `p` being
/// `bounds[p]..<bounds[p + 1]` (empty parts at the end when there are fewer elements than
/// parts). `workBefore(i)` is the work of the elements before `i` (non-decreasing, 0 at 0):
/// a part ends after the first element that brings the work done to its share.
public func equalWorkParts(_ count: Int, of length: Int, workBefore: (Int) -> Int) -> [Int] {
    let total = workBefore(length)
    var bounds = [0]
    for index in 0..<length where bounds.count < count && workBefore(index + 1) * count >= total * bounds.count {
        bounds.append(index + 1)
    }
    while bounds.count <= count { bounds.append(length) }
    return bounds
}

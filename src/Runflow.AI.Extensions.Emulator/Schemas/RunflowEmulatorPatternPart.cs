namespace Runflow.AI.Extensions.Emulator;

/// <summary>A part of a pattern as <see cref="RunflowEmulatorPatternSampler"/> reads it, in Fare's syntax.</summary>
/// <param name="Full">The part with each repetition at most one copy past its minimum.</param>
/// <param name="Least">The part with each repetition at its minimum.</param>
/// <param name="Size">The characters and classes <paramref name="Full"/> writes out at most.</param>
/// <param name="Atoms">The characters and classes the pattern itself names.</param>
/// <param name="Min">The shortest string of the part.</param>
/// <param name="Max">The longest string of <paramref name="Full"/>.</param>
/// <param name="LeastMax">The longest string of <paramref name="Least"/>, longer than its shortest only through alternatives.</param>
internal readonly record struct RunflowEmulatorPatternPart(string Full, string Least, long Size, long Atoms, long Min, long Max, long LeastMax);

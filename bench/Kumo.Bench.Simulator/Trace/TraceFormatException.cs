namespace Kumo.Bench.Simulator.Trace;

/// <summary>A trace file that cannot be read: which file, which line, and what was wrong with it.</summary>
internal sealed class TraceFormatException : Exception
{
    /// <summary>A problem at <paramref name="line"/> of <paramref name="file"/> (1 is the header).</summary>
    public TraceFormatException(string file, int line, string problem)
        : base($"{file} line {line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>A problem with a whole folder or file, not one line of it.</summary>
    public TraceFormatException(string problem)
        : base(problem)
    {
        File = "";
        Problem = problem;
    }

    /// <summary>The file's name.</summary>
    public string File { get; } = "";

    /// <summary>The line, from 1; 0 when the problem is not on one line.</summary>
    public int Line { get; }

    /// <summary>What was wrong, without the file and line.</summary>
    public string Problem { get; } = "";
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Kumo.FunctionalTests.S3;

/// <summary>
/// One line of <c>aws s3 ls</c>: <c>PRE prefix/</c> (a common prefix, no size), or a date, a size and a key, or a
/// date and a bucket's name (no size).
/// </summary>
internal sealed partial record S3LsLine(string Name, long? Size, bool IsPrefix)
{
    public static List<S3LsLine> Parse(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseLine)];

    /// <summary><c>PRE name</c>, <c>name size</c>, or the name alone: what a test compares.</summary>
    public override string ToString() => IsPrefix ? "PRE " + Name : Size is { } size ? $"{Name} {size.ToString(CultureInfo.InvariantCulture)}" : Name;

    private static S3LsLine ParseLine(string line)
    {
        var match = Line().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"not a line of 'aws s3 ls': '{line}'");
        }

        return match.Groups["prefix"].Success
            ? new S3LsLine(match.Groups["prefix"].Value, null, IsPrefix: true)
            : new S3LsLine(
                match.Groups["name"].Value,
                match.Groups["size"].Success ? long.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture) : null,
                IsPrefix: false);
    }

    [GeneratedRegex(@"^(?:PRE (?<prefix>.+)|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+(?:(?<size>\d+) )?(?<name>.+))$")]
    private static partial Regex Line();
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kumo.Core.Invocations;

/// <summary>
/// The <c>Lineage</c> field of an <c>X-Amzn-Trace-Id</c>, with which Lambda detects recursive loops: for each function
/// in a chain of events (a function writes an object, which invokes a function, which writes …), 8 hex digits that
/// stand for the function and how many times the chain invoked it before, as <c>Lineage=a87bd80c:3</c>, entries joined
/// by <c>|</c>. A function's SDK sends its <c>_X_AMZN_TRACE_ID</c> back with its own requests, so the count comes
/// back with the change it makes and the next invocation counts one more.
/// </summary>
public sealed class TraceLineage
{
    /// <summary>How many invocations of one function a chain may have (Lambda's limit): the invocation that would be the 17th is not made.</summary>
    public const int Limit = 16;

    /// <summary>How many functions a lineage keeps; the least recently invoked goes first.</summary>
    public const int MaxEntries = 10;

    private const string Field = "Lineage=";

    private readonly List<(string Function, int Count)> _entries;

    private TraceLineage(List<(string Function, int Count)> entries) => _entries = entries;

    /// <summary>A lineage with no function in it.</summary>
    public static TraceLineage Empty => new([]);

    /// <summary>The functions and their counts, most recently invoked first.</summary>
    public IReadOnlyList<(string Function, int Count)> Entries => _entries;

    /// <summary>The 8 hex digits that stand for a tenant's function in a lineage.</summary>
    public static string FunctionId(string tenantId, string functionName)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(functionName);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "/" + functionName)))[..8];
    }

    /// <summary>
    /// The lineage in a trace header, percent-decoded (botocore sends <c>|</c> as <c>%7C</c>); empty when the header
    /// has none or a malformed one.
    /// </summary>
    public static TraceLineage FromTraceHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return Empty;
        }

        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(Field, StringComparison.Ordinal))
            {
                string value;
                try
                {
                    value = Uri.UnescapeDataString(part[Field.Length..]);
                }
                catch (UriFormatException)
                {
                    return Empty;
                }

                return Parse(value) ?? Empty;
            }
        }

        return Empty;
    }

    /// <summary>A lineage value (<c>a87bd80c:3|68fd508a:0</c>); null when it is not one.</summary>
    public static TraceLineage? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 256)
        {
            return null;
        }

        var entries = new List<(string, int)>();
        foreach (var entry in value.Split('|'))
        {
            // An entry may carry a leading format version (1:a87bd80c:3); the last two parts are the function and count.
            var parts = entry.Split(':');
            if (parts.Length is not (2 or 3))
            {
                return null;
            }

            var function = parts[^2];
            var countText = parts[^1];
            if (function.Length != 8 || !function.All(char.IsAsciiHexDigit)
                || countText.Length is 0 or > 9 || !countText.All(char.IsAsciiDigit))
            {
                return null;
            }

            entries.Add((function.ToLowerInvariant(), int.Parse(countText, CultureInfo.InvariantCulture)));
        }

        return new TraceLineage(entries);
    }

    /// <summary>How many times the chain invoked <paramref name="functionId"/> before; -1 when it never did.</summary>
    public int CountOf(string functionId) =>
        _entries.FindIndex(e => e.Function == functionId) is var index and >= 0 ? _entries[index].Count : -1;

    /// <summary>The lineage of the next invocation of <paramref name="functionId"/>: its count one more (0 the first time), the other functions kept.</summary>
    public TraceLineage Next(string functionId)
    {
        var next = CountOf(functionId) + 1;
        List<(string, int)> entries = [(functionId, next), .. _entries.Where(e => e.Function != functionId)];
        return new TraceLineage(entries.Count > MaxEntries ? entries[..MaxEntries] : entries);
    }

    /// <summary>The field's value, as <c>a87bd80c:3|68fd508a:0</c>.</summary>
    public override string ToString() =>
        string.Join('|', _entries.Select(e => e.Function + ":" + e.Count.ToString(CultureInfo.InvariantCulture)));
}

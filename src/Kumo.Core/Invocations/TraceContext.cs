using System.Globalization;
using System.Security.Cryptography;

namespace Kumo.Core.Invocations;

/// <summary>
/// An invocation's trace, in X-Ray's form (<c>Root=1-{8 hex time}-{24 hex}</c>): taken from the caller's
/// <c>X-Amzn-Trace-Id</c>, else from a W3C <c>traceparent</c> (the same 128-bit id), else made afresh. The
/// <c>X-Amzn-Trace-Id</c>'s <c>Lineage</c> (see <see cref="TraceLineage"/>) is kept, so the function receives it in
/// <c>_X_AMZN_TRACE_ID</c> and its SDK sends it back with the changes it makes.
/// </summary>
/// <param name="Root">The trace id, such as <c>1-5759e988-bd862e3fe1be46a994272793</c>.</param>
/// <param name="Parent">The caller's span id (16 hex digits), when it gave one.</param>
/// <param name="Sampled">Whether the caller asked for the trace to be sampled.</param>
public sealed record TraceContext(string Root, string? Parent, bool Sampled)
{
    /// <summary>The recursive loop detection's lineage (<c>a87bd80c:3</c>), when the caller's header had a well-formed one.</summary>
    public string? Lineage { get; init; }

    /// <summary>The header value handed to the function as <c>Lambda-Runtime-Trace-Id</c>.</summary>
    public string Header
    {
        get
        {
            var header = Parent is null ? $"Root={Root};Sampled={(Sampled ? 1 : 0)}" : $"Root={Root};Parent={Parent};Sampled={(Sampled ? 1 : 0)}";
            return Lineage is null ? header : $"{header};Lineage={Lineage}";
        }
    }

    /// <summary>The trace of a request with these headers (either may be null) arriving at <paramref name="now"/>.</summary>
    public static TraceContext From(string? amznTraceId, string? traceParent, DateTimeOffset now) =>
        FromAmzn(amznTraceId) ?? FromTraceParent(traceParent) ?? New(now);

    private static TraceContext? FromAmzn(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        string? root = null, parent = null, lineage = null;
        var sampled = false;
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Root" when IsRoot(value):
                    root = value;
                    break;
                case "Parent" when value.Length == 16 && value.All(char.IsAsciiHexDigit):
                    parent = value.ToLowerInvariant();
                    break;
                case "Sampled":
                    sampled = value == "1";
                    break;
                case "Lineage" when TraceLineage.Parse(value) is { } parsed:
                    lineage = parsed.ToString();
                    break;
            }
        }

        return root is null ? null : new TraceContext(root, parent, sampled) { Lineage = lineage };
    }

    private static TraceContext? FromTraceParent(string? header)
    {
        // version-traceid-parentid-flags: 00-{32 hex}-{16 hex}-{2 hex}
        var parts = header?.Trim().Split('-');
        if (parts is not [{ Length: 2 }, { Length: 32 } traceId, { Length: 16 } parentId, { Length: 2 } flags]
            || !traceId.All(char.IsAsciiHexDigit) || !parentId.All(char.IsAsciiHexDigit) || !flags.All(char.IsAsciiHexDigit)
            || traceId.All(c => c == '0'))
        {
            return null;
        }

        var id = traceId.ToLowerInvariant();
        var sampled = (int.Parse(flags, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) == 1;
        return new TraceContext($"1-{id[..8]}-{id[8..]}", parentId.ToLowerInvariant(), sampled);
    }

    private static TraceContext New(DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return new TraceContext($"1-{seconds}-{random}", null, false);
    }

    private static bool IsRoot(string value) =>
        value is { Length: 35 } && value[0] == '1' && value[1] == '-' && value[10] == '-'
        && value[2..10].All(char.IsAsciiHexDigit) && value[11..].All(char.IsAsciiHexDigit);
}

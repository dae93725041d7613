using Kumo.Sandbox.Runtimes;

namespace Kumo.Sandbox.Stems;

/// <summary>
/// Which kind of stem cell can become a sandbox for a function: a pure function of the spec and its runtime.
/// A stem's <c>/tmp</c> size and network are fixed when it is created, and a runtime stem's process has started with
/// the stem environment, so a function whose own variables act at process start takes a generic stem instead.
/// </summary>
internal static class StemCellFit
{
    /// <summary>The name of the kind that runs only kumo-init until the hand-over, which then starts any runtime.</summary>
    public const string Generic = "generic";

    /// <summary>The size of every stem's <c>/tmp</c>: Lambda's default, which most functions keep.</summary>
    public const int EphemeralStorageMb = 512;

    /// <summary>Prefixes of variables a runtime reads when its process starts (compared ignoring case).</summary>
    private static readonly string[] StartPrefixes = ["NODE_", "PYTHON", "DOTNET_", "COMPlus_", "CORECLR_", "LD_", "LC_"];

    /// <summary>Variables, besides those prefixes, that act at process start.</summary>
    private static readonly string[] StartNames = ["AWS_LAMBDA_EXEC_WRAPPER", "TZ", "LANG"];

    /// <summary>
    /// The kind of stem that can take <paramref name="spec"/> (run with <paramref name="runtime"/>), or null with the
    /// reason when none can. A runtime stem when the runtime's bootstrap speaks the hand-over and no variable of the
    /// function acts at process start; a generic stem otherwise; null when the function needs other <c>/tmp</c> or
    /// outbound network. <paramref name="reason"/> also says why a function of a runtime with stems takes a generic one.
    /// </summary>
    public static StemCellKind? Check(SandboxSpec spec, RuntimeDefinition runtime, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runtime);
        var problems = new List<string>(spec.Problems());
        if (spec.EphemeralStorageMb != EphemeralStorageMb)
        {
            problems.Add($"its /tmp has {spec.EphemeralStorageMb} MB, and a stem cell's has {EphemeralStorageMb} MB");
        }

        if (spec.OutboundNetwork)
        {
            problems.Add("it has outbound network, which a sandbox gets when it is created");
        }

        if (problems.Count > 0)
        {
            reason = string.Join("; ", problems);
            return null;
        }

        if (RuntimeStemName(runtime) is not { } name)
        {
            reason = null;
            return new StemCellKind(Generic, spec.MemoryMb);
        }

        var acting = spec.Environment.Keys.Where(ActsAtStart).Order(StringComparer.Ordinal).ToList();
        if (acting.Count > 0)
        {
            reason = $"its variables {string.Join(", ", acting)} act when the runtime starts, so a runtime stem cannot take it";
            return new StemCellKind(Generic, spec.MemoryMb);
        }

        reason = null;
        return new StemCellKind(name, spec.MemoryMb);
    }

    /// <summary>
    /// Whether a stem of <paramref name="kind"/> can become a sandbox for <paramref name="spec"/>: the kind
    /// <see cref="Check"/> names, or a generic stem of the same memory size for any function a stem can take.
    /// </summary>
    public static bool Fits(StemCellKind kind, SandboxSpec spec, RuntimeDefinition runtime, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var fit = Check(spec, runtime, out reason);
        if (fit is null)
        {
            return false;
        }

        if (fit == kind || (kind.Name == Generic && kind.MemoryMb == fit.MemoryMb))
        {
            reason = null;
            return true;
        }

        reason = $"the function needs a stem cell of kind {fit}{(reason is null ? "" : $" ({reason})")}, not {kind}";
        return false;
    }

    /// <summary>
    /// The kind name of runtime stems of <paramref name="runtime"/>: the name of its program, so that runtimes that run
    /// the same one (nodejs20.x and nodejs22.x both run <c>/usr/bin/node</c>) share stems. Null for a runtime whose
    /// bootstrap does not speak the hand-over (a custom runtime's <c>bootstrap</c> is the function's own code).
    /// </summary>
    public static string? RuntimeStemName(RuntimeDefinition runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var speaksHandOver = runtime.Id.StartsWith("nodejs", StringComparison.Ordinal)
            || runtime.Id.StartsWith("python", StringComparison.Ordinal)
            || runtime.Id.StartsWith("dotnet", StringComparison.Ordinal);
        return speaksHandOver && runtime.Command.Count > 0 ? Path.GetFileName(runtime.Command[0]) : null;
    }

    private static bool ActsAtStart(string name) =>
        StartNames.Contains(name, StringComparer.OrdinalIgnoreCase)
        || StartPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}

using System.Runtime.InteropServices;
using Kumo.Sandbox.Mounts;
using Kumo.Sandbox.Oci;
using Kumo.Sandbox.Runtimes;
using Kumo.Sandbox.Stems;
using Microsoft.Extensions.Logging;

namespace Kumo.Sandbox.Runc;

/// <summary>The runc driver's stem cells: sandboxes started before a function needs them, specialised once.</summary>
internal sealed partial class RuncSandboxDriver
{
    private bool _stemCells;

    public StemCellKind? StemCellFor(SandboxSpec spec, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!_stemCells)
        {
            reason = _runc is null
                ? "the runc driver is not initialised"
                : "this kernel cannot mount code into a running sandbox: stem cells need mount_setattr (Linux 5.12 or later)";
            return null;
        }

        var runtime = catalog.Find(spec.Runtime, out var problem);
        if (runtime is null)
        {
            reason = problem;
            return null;
        }

        return StemCellFit.Check(spec, runtime, out reason);
    }

    public async Task<IStemCell> CreateStemCellAsync(StemCellKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (_api is null)
        {
            throw new InvalidOperationException("the runc driver is not initialised");
        }

        if (!_stemCells)
        {
            throw new NotSupportedException("this kernel cannot mount code into a running sandbox: stem cells need mount_setattr (Linux 5.12 or later)");
        }

        if (kind.MemoryMb is < 128 or > 10240)
        {
            throw new ArgumentException($"a stem cell's memory must be from 128 to 10240 MB, not {kind.MemoryMb}", nameof(kind));
        }

        RuntimeDefinition? runtime = null;
        if (kind.Name != StemCellFit.Generic)
        {
            runtime = StemRuntime(kind.Name) ?? throw new ArgumentException(
                $"the runc driver makes no stem cells of kind '{kind.Name}': it makes {string.Join(", ", StemKindNames())}", nameof(kind));
        }

        var id = NewId();
        var slot = layout.SlotOf(id);
        var sandbox = await StartAsync(
            id,
            spec: null,
            identity => OciConfig.BuildStem(id, kind, runtime, slot, layout, _host, identity, RuntimeInformation.ProcessArchitecture),
            cancellationToken);
        LogStemCellCreated(logger, id, kind.ToString());
        return new RuncStemCell(sandbox, kind, this);
    }

    /// <summary>
    /// The full path of <paramref name="codeDirectory"/> when it is a package unpacked by the code cache — a folder
    /// directly in <see cref="SandboxLayout.CodeCache"/> named by a SHA-256, not a link — or null with the problem:
    /// a stem's slot takes nothing else. The code cache's folder may be named through a link (the layout names it by
    /// its real path); the package's own folder may not be one.
    /// </summary>
    internal string? CanonicalCodeDirectory(string codeDirectory, out string? problem)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(codeDirectory));
        var name = Path.GetFileName(full);
        var folder = Path.GetDirectoryName(full) is { } parent ? RealPath.Of(parent) : null;
        if (folder != layout.CodeCache || name is not { Length: 64 } || !name.All(char.IsAsciiHexDigitLower))
        {
            problem = $"the code directory {codeDirectory} is not a package of the code cache ({layout.CodeCache}/<sha256>): a stem cell takes only code the code cache unpacked";
            return null;
        }

        full = Path.Combine(folder, name);
        var info = new DirectoryInfo(full);
        if (!info.Exists || info.LinkTarget is not null)
        {
            problem = $"the code directory {codeDirectory} {(info.LinkTarget is null ? "does not exist" : "is a link")}: a stem cell takes only code the code cache unpacked";
            return null;
        }

        problem = null;
        return full;
    }

    /// <summary>The runtime a runtime stem of kind <paramref name="name"/> runs: the first in the catalog whose program has that name.</summary>
    private RuntimeDefinition? StemRuntime(string name) =>
        catalog.Identifiers
            .Select(id => catalog.Find(id, out _)!)
            .FirstOrDefault(runtime => StemCellFit.RuntimeStemName(runtime) == name);

    private IEnumerable<string> StemKindNames() =>
        catalog.Identifiers
            .Select(id => StemCellFit.RuntimeStemName(catalog.Find(id, out _)!))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Prepend(StemCellFit.Generic);

    [LoggerMessage(EventId = EventIds.StemCellCreated, Level = LogLevel.Debug, Message = "Stem cell {Id} created ({Kind})")]
    private static partial void LogStemCellCreated(ILogger logger, string id, string kind);
}

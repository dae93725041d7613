namespace Kumo.Sandbox.Mounts;

/// <summary>One line of <c>/proc/self/mountinfo</c>: a mount in the host's mount namespace.</summary>
/// <param name="Id">The mount's id.</param>
/// <param name="ParentId">The id of the mount it sits on (the one it covers, for a mount over another at the same point).</param>
/// <param name="Root">The path inside its file system that is mounted.</param>
/// <param name="MountPoint">Where it is mounted, unescaped.</param>
/// <param name="Options">The per-mount options, such as <c>ro,nosuid,nodev,relatime</c>.</param>
/// <param name="Propagation">The optional fields: <c>shared:N</c>, <c>master:N</c>, … (empty for a private mount).</param>
internal sealed record MountEntry(int Id, int ParentId, string Root, string MountPoint, string Options, IReadOnlyList<string> Propagation)
{
    /// <summary>Whether the mount is read-only.</summary>
    public bool IsReadOnly => Options.Split(',').Contains("ro");

    /// <summary>The peer group the mount is shared in, or null when it is not shared.</summary>
    public int? SharedGroup => Propagation.FirstOrDefault(p => p.StartsWith("shared:", StringComparison.Ordinal)) is { } shared
        && int.TryParse(shared.AsSpan(7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var group)
            ? group
            : null;
}

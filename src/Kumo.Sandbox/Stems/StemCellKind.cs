namespace Kumo.Sandbox.Stems;

/// <summary>
/// What a stem cell has running before it is specialised, and the memory size it was started with: a pool holds
/// stems of one kind. The driver names the kinds (<see cref="ISandboxDriver.StemCellFor"/>); the worker only
/// compares them.
/// </summary>
/// <param name="Name">The driver's name for what runs in it, such as <c>node</c>, <c>python3.11</c>, <c>dotnet</c> or <c>generic</c>.</param>
/// <param name="MemoryMb">The memory limit it was started with; only functions of this size fit.</param>
public sealed record StemCellKind(string Name, int MemoryMb)
{
    /// <summary>The kind as logs and the status show it, such as <c>node/512MB</c>.</summary>
    public override string ToString() => $"{Name}/{MemoryMb}MB";
}

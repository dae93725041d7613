namespace Kumo.Sandbox.RuntimeApi;

/// <summary>How many connections of one kind a sandbox holds open, against a ceiling; safe to use from any thread.</summary>
internal sealed class ConnectionLimit(int max)
{
    private int _open;

    /// <summary>The ceiling.</summary>
    public int Max { get; } = max;

    /// <summary>Counts a new connection; false, and nothing counted, when <see cref="Max"/> are already open.</summary>
    public bool TryOpen()
    {
        if (Interlocked.Increment(ref _open) <= Max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    /// <summary>Counts a connection that <see cref="TryOpen"/> let in as closed.</summary>
    public void Close() => Interlocked.Decrement(ref _open);
}

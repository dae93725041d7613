namespace Kumo.Sandbox.Oci;

/// <summary>Hands out sandbox user ids, one per live sandbox; an id is reused only after the others were tried.</summary>
internal sealed class SandboxUserPool
{
    private readonly Lock _gate = new();
    private readonly HashSet<int> _inUse = [];
    private int _next;

    public int Rent()
    {
        lock (_gate)
        {
            if (_inUse.Count >= SandboxUser.Slots)
            {
                throw new SandboxException($"this node already runs {SandboxUser.Slots} sandboxes");
            }

            while (!_inUse.Add(_next))
            {
                _next = (_next + 1) % SandboxUser.Slots;
            }

            var id = SandboxUser.FirstId + _next;
            _next = (_next + 1) % SandboxUser.Slots;
            return id;
        }
    }

    public void Return(int id)
    {
        lock (_gate)
        {
            _inUse.Remove(id - SandboxUser.FirstId);
        }
    }
}

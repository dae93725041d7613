namespace Kumo.Invocation.Worker;

/// <summary>
/// The memory, in MB, that this node's sandboxes and stem cells together may be sized to: each reserves its
/// memory size before it starts and gives it back when it goes. Reservations on the request path come first: while
/// one is making room (<see cref="BeginClaim"/>), background reservations (pool refills) yield. Thread-safe.
/// </summary>
/// <param name="totalMb">The whole budget.</param>
internal sealed class MemoryBudget(int totalMb)
{
    private readonly Lock _gate = new();
    private int _reservedMb;
    private int _claims;

    /// <summary>The whole budget, in MB.</summary>
    public int TotalMb { get; } = totalMb;

    /// <summary>How much of it is reserved now.</summary>
    public int ReservedMb
    {
        get
        {
            lock (_gate)
            {
                return _reservedMb;
            }
        }
    }

    /// <summary>How much is not reserved now.</summary>
    public int FreeMb => TotalMb - ReservedMb;

    /// <summary>
    /// Reserves <paramref name="memoryMb"/> when it fits; false, reserving nothing, when it does not, or when
    /// <paramref name="yieldToClaims"/> and a request-path reservation is making room.
    /// </summary>
    public bool TryReserve(int memoryMb, bool yieldToClaims = false)
    {
        lock (_gate)
        {
            if (_reservedMb + memoryMb > TotalMb || (yieldToClaims && _claims > 0))
            {
                return false;
            }

            _reservedMb += memoryMb;
            return true;
        }
    }

    /// <summary>A request-path reservation starts making room: background reservations yield until <see cref="EndClaim"/>.</summary>
    public void BeginClaim()
    {
        lock (_gate)
        {
            _claims++;
        }
    }

    /// <summary>Ends what <see cref="BeginClaim"/> started.</summary>
    public void EndClaim()
    {
        lock (_gate)
        {
            _claims--;
        }
    }

    /// <summary>Gives back what <see cref="TryReserve"/> reserved.</summary>
    public void Release(int memoryMb)
    {
        lock (_gate)
        {
            _reservedMb -= memoryMb;
        }
    }
}

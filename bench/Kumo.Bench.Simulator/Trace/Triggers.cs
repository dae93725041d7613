namespace Kumo.Bench.Simulator.Trace;

/// <summary>The trace's names of the trigger groups.</summary>
internal static class Triggers
{
    private static readonly string[] Names = ["http", "timer", "event", "queue", "storage", "orchestration", "others"];

    /// <summary>Every name, in the order of <see cref="Trigger"/>, for error messages.</summary>
    public static string All => string.Join(", ", Names);

    /// <summary>The trace's name of a trigger group.</summary>
    public static string Name(Trigger trigger) => Names[(int)trigger];

    /// <summary>The trigger group with this name (as the trace writes it, lower case).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out Trigger trigger)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                trigger = (Trigger)i;
                return true;
            }
        }

        trigger = default;
        return false;
    }
}

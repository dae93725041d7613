namespace Kumo.Bench.Simulator.Trace;

/// <summary>One function of a trace: who it belongs to, its trigger, its invocations per minute and what is known of its size.</summary>
/// <param name="Owner">The owner (<c>HashOwner</c>).</param>
/// <param name="App">The application (<c>HashApp</c>), unique with its owner.</param>
/// <param name="Name">The function (<c>HashFunction</c>), unique within its application.</param>
/// <param name="Trigger">Its trigger group.</param>
/// <param name="Invocations">Its invocations per minute from the trace's start.</param>
/// <param name="AverageDurationMs">Its average execution time, when the trace has it; else the simulator draws one.</param>
/// <param name="MemoryMb">Its memory size, when the trace has it; else the simulator draws one.</param>
internal sealed record TraceFunction(
    string Owner,
    string App,
    string Name,
    Trigger Trigger,
    MinuteCounts Invocations,
    double? AverageDurationMs = null,
    double? MemoryMb = null);

using System.Collections.Concurrent;

namespace Kumo.Invocation.Tests;

/// <summary>
/// Holds the next call of one grain method on one grain at a chosen point, so that a test can act in the gap: before
/// the call is sent, or after the grain answered (and then, if asked, fails it as a lost answer would). The shared
/// silo's outgoing call filter (<see cref="SiloFixture"/>) consults the gates; a call no gate names passes straight on.
/// </summary>
internal sealed class GrainCallGate
{
    private static readonly ConcurrentDictionary<(string GrainKey, string Method), GrainCallGate> Gates = new();

    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _afterCall;
    private readonly Exception? _failure;

    private GrainCallGate(bool afterCall, Exception? failure)
    {
        _afterCall = afterCall;
        _failure = failure;
    }

    /// <summary>Completes when the call is held at the gate.</summary>
    public Task Reached => _reached.Task;

    /// <summary>
    /// Holds the next call of <paramref name="method"/> on the grain <paramref name="grainKey"/>: before it is sent, or with
    /// <paramref name="afterCall"/> once the grain answered; when released, the call fails with <paramref name="thenFail"/> if set.
    /// </summary>
    public static GrainCallGate Hold(string grainKey, string method, bool afterCall = false, Exception? thenFail = null)
    {
        var gate = new GrainCallGate(afterCall, thenFail);
        Assert.True(Gates.TryAdd((grainKey, method), gate), $"{method} on {grainKey} is held already");
        return gate;
    }

    /// <summary>Lets the held call go on.</summary>
    public void Open() => _open.TrySetResult();

    internal static async Task FilterAsync(IOutgoingGrainCallContext context)
    {
        if (Gates.IsEmpty || !Gates.TryRemove((context.TargetId.Key.ToString(), context.MethodName), out var gate))
        {
            await context.Invoke();
            return;
        }

        if (!gate._afterCall)
        {
            gate._reached.TrySetResult();
            await gate._open.Task;
        }

        await context.Invoke();
        if (gate._afterCall)
        {
            gate._reached.TrySetResult();
            await gate._open.Task;
        }

        if (gate._failure is { } failure)
        {
            throw failure;
        }
    }
}

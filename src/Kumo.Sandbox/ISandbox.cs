using Kumo.Sandbox.Invocations;

namespace Kumo.Sandbox;

/// <summary>One running sandbox for one function version; it takes one invocation at a time.</summary>
public interface ISandbox : IAsyncDisposable
{
    /// <summary>The sandbox's id.</summary>
    string Id { get; }

    /// <summary>What runs in it.</summary>
    SandboxSpec Spec { get; }

    /// <summary>False once the sandbox crashed, timed out or ran out of memory: it must be disposed, never reused.</summary>
    bool IsReusable { get; }

    /// <summary>Runs one invocation: waits for the runtime to initialise on the first, then for its answer.</summary>
    /// <exception cref="SandboxException">The platform could not run the sandbox (not the function's fault).</exception>
    Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Waits, without running an invocation, until the runtime has initialised (the handler is loaded and the runtime
    /// asks for its first event). Returns null then, or what went wrong (an init error, a crash, the init timeout):
    /// the sandbox is then no longer reusable. The first invocation after it counts no init.
    /// </summary>
    Task<string?> WaitInitializedAsync(CancellationToken cancellationToken);
}

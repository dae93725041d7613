namespace Kumo.Abstractions.Lifecycle;

/// <summary>
/// One thing the platform must do before it takes invocations: open storage, check the sandbox driver,
/// warm pools. The server runs the steps in registration order after it starts listening; until they
/// all finish, <c>/healthz</c> answers 503. A step that throws stops the server with its message.
/// </summary>
public interface IStartupStep
{
    /// <summary>What the step does, in a few words, for <c>/healthz</c> and the log.</summary>
    string Name { get; }

    /// <summary>Does the step; cancelled when the server is asked to stop while starting.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

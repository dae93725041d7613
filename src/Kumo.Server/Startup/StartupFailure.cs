namespace Kumo.Server.Startup;

/// <summary>The first start-up step that failed, kept for <c>kumo up</c> to report after the server stops.</summary>
internal sealed class StartupFailure
{
    private string? _message;

    public string? Message => Volatile.Read(ref _message);

    public Exception? Exception { get; private set; }

    public void Record(string step, Exception exception)
    {
        Exception = exception;
        Interlocked.CompareExchange(ref _message, $"start-up failed at '{step}': {exception.Message}", null);
    }
}

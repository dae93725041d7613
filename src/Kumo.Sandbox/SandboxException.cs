namespace Kumo.Sandbox;

/// <summary>The platform could not create or run a sandbox; the message says why.</summary>
public sealed class SandboxException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SandboxException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SandboxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure underneath.</summary>
    public SandboxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Kumo.Server;

/// <summary>The server cannot start; the message says why and what to do, in one line for the operator.</summary>
public sealed class KumoStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KumoStartupException()
    {
    }

    /// <summary>Creates the exception with a message for the operator.</summary>
    public KumoStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the operator and the failure underneath.</summary>
    public KumoStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

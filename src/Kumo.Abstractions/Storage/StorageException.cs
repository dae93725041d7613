namespace Kumo.Abstractions.Storage;

/// <summary>A storage backend cannot do what was asked; the message says why and what to do.</summary>
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException()
    {
    }

    /// <summary>Creates the exception with a message for the operator.</summary>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the operator and the failure underneath.</summary>
    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

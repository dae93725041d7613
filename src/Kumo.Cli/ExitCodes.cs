namespace Kumo.Cli;

/// <summary>What <c>kumo</c> returns to the shell.</summary>
internal static class ExitCodes
{
    /// <summary>It did what was asked.</summary>
    public const int Success = 0;

    /// <summary>It could not: the server is unreachable or not ready, or start-up failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line or a setting is wrong; nothing was done.</summary>
    public const int Usage = 2;
}

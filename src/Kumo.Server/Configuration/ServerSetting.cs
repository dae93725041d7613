namespace Kumo.Server.Configuration;

/// <summary>One setting of <c>kumo up</c> and the three ways to give it.</summary>
/// <param name="Key">The key under <c>Kumo</c> in a settings file, such as <c>Port</c>.</param>
/// <param name="Flag">The command-line flag, such as <c>--port</c>.</param>
/// <param name="EnvironmentVariable">The environment variable, such as <c>KUMO_PORT</c>.</param>
public sealed record ServerSetting(string Key, string Flag, string EnvironmentVariable)
{
    /// <summary>The listening port.</summary>
    public static ServerSetting Port { get; } = new("Port", "--port", "KUMO_PORT");

    /// <summary>The listening address.</summary>
    public static ServerSetting Bind { get; } = new("Bind", "--bind", "KUMO_BIND");

    /// <summary>The HTTPS port, off unless given.</summary>
    public static ServerSetting TlsPort { get; } = new("TlsPort", "--tls-port", "KUMO_TLS_PORT");

    /// <summary>The HTTPS port's certificate, a PEM file; Kumo makes a self-signed one unless given.</summary>
    public static ServerSetting TlsCert { get; } = new("TlsCertFile", "--tls-cert", "KUMO_TLS_CERT");

    /// <summary>The private key of <see cref="TlsCert"/>, a PEM file.</summary>
    public static ServerSetting TlsKey { get; } = new("TlsKeyFile", "--tls-key", "KUMO_TLS_KEY");

    /// <summary>The data directory.</summary>
    public static ServerSetting DataDir { get; } = new("DataDir", "--data-dir", "KUMO_DATA_DIR");

    /// <summary>How long a stop waits for in-flight work.</summary>
    public static ServerSetting DrainTimeout { get; } = new("DrainTimeoutSeconds", "--drain-timeout", "KUMO_DRAIN_TIMEOUT");

    /// <summary>The region shown in ARNs.</summary>
    public static ServerSetting Region { get; } = new("Region", "--region", "KUMO_REGION");

    /// <summary>The account id shown in ARNs.</summary>
    public static ServerSetting AccountId { get; } = new("AccountId", "--account-id", "KUMO_ACCOUNT_ID");

    /// <summary>How long an idle sandbox is kept warm.</summary>
    public static ServerSetting IdleTimeout { get; } = new("IdleTimeoutSeconds", "--idle-timeout", "KUMO_IDLE_TIMEOUT");

    /// <summary>The keep-alive policy of functions that do not choose their own: fixed or adaptive.</summary>
    public static ServerSetting KeepAlive { get; } = new("KeepAlive", "--keep-alive", "KUMO_KEEP_ALIVE");

    /// <summary>Whether pools of pre-warmed stem cells are kept: on or off.</summary>
    public static ServerSetting Prewarm { get; } = new("Prewarm", "--prewarm", "KUMO_PREWARM");

    /// <summary>How many invocations run at once.</summary>
    public static ServerSetting MaxConcurrency { get; } = new("MaxConcurrency", "--max-concurrency", "KUMO_MAX_CONCURRENCY");

    /// <summary>The memory all sandboxes together may be sized to.</summary>
    public static ServerSetting MemoryBudget { get; } = new("MemoryBudgetMb", "--memory-budget", "KUMO_MEMORY_BUDGET_MB");

    /// <summary>The billing granularity.</summary>
    public static ServerSetting BillingGranularity { get; } = new("BillingGranularityMs", "--billing-granularity", "KUMO_BILLING_GRANULARITY_MS");

    /// <summary>How long invocation records are kept.</summary>
    public static ServerSetting RecordRetention { get; } = new("RecordRetentionHours", "--record-retention", "KUMO_RECORD_RETENTION_HOURS");

    /// <summary>The largest code package accepted, zipped.</summary>
    public static ServerSetting MaxPackageZipped { get; } = new("MaxPackageZippedMb", "--max-package-zipped", "KUMO_MAX_PACKAGE_ZIPPED_MB");

    /// <summary>The largest code package accepted, unzipped.</summary>
    public static ServerSetting MaxPackageUnzipped { get; } = new("MaxPackageUnzippedMb", "--max-package-unzipped", "KUMO_MAX_PACKAGE_UNZIPPED_MB");

    /// <summary>The largest asynchronous event.</summary>
    public static ServerSetting EventPayloadLimit { get; } = new("EventPayloadLimitKb", "--event-payload-limit", "KUMO_EVENT_PAYLOAD_LIMIT_KB");

    /// <summary>The first retry delay of a failed asynchronous invocation.</summary>
    public static ServerSetting EventRetryDelay { get; } = new("EventRetryDelaySeconds", "--event-retry-delay", "KUMO_EVENT_RETRY_DELAY");

    /// <summary>Every setting, in the order help lists them.</summary>
    public static IReadOnlyList<ServerSetting> All { get; } =
        [Port, Bind, TlsPort, TlsCert, TlsKey, DataDir, DrainTimeout, Region, AccountId, IdleTimeout, KeepAlive, Prewarm, MaxConcurrency, MemoryBudget, BillingGranularity, RecordRetention,
        MaxPackageZipped, MaxPackageUnzipped, EventPayloadLimit, EventRetryDelay];

    /// <summary>The configuration section that holds the settings.</summary>
    public const string Section = "Kumo";

    /// <summary>The key's full configuration path, such as <c>Kumo:Port</c>.</summary>
    public string Path => $"{Section}:{Key}";
}

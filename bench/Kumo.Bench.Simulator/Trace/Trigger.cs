namespace Kumo.Bench.Simulator.Trace;

/// <summary>The trigger groups of the Azure Functions 2019 trace (and of the paper), as its <c>Trigger</c> column names them.</summary>
internal enum Trigger
{
    /// <summary><c>http</c>: HTTP requests.</summary>
    Http,

    /// <summary><c>timer</c>: schedules.</summary>
    Timer,

    /// <summary><c>event</c>: Event Hub, Event Grid.</summary>
    Event,

    /// <summary><c>queue</c>: Service Bus, Queue Storage, RabbitMQ, Kafka, MQTT.</summary>
    Queue,

    /// <summary><c>storage</c>: Blob Storage, CosmosDB, Redis, File.</summary>
    Storage,

    /// <summary><c>orchestration</c>: Durable Functions activities and orchestrations.</summary>
    Orchestration,

    /// <summary><c>others</c>: every other trigger.</summary>
    Others,
}

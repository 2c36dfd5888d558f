// A UDP echo service in the generic host: the endpoint binds as appsettings.json's "Echo" section says, resolves
// EchoHandlers from DI, logs through ILogger and closes its socket when the host stops. A demo client sends a few
// shouts, prints the echoes, then stops the host, so `dotnet run` exits by itself.
using Hosted;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDatagramEndpoint<EchoHandlers>(builder.Configuration.GetSection("Echo"));
builder.Services.AddHostedService<DemoClient>();

await builder.Build().RunAsync();

// Keep each test file's environment deterministic.
delete process.env.GITEA_TOKEN;
delete process.env.GITEA_URL;
delete process.env.GITEA_INSTANCE_URL;

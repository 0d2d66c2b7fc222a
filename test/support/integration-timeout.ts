// Integration tests start processes and a broker; their hooks need more than jest's 5 s default.
jest.setTimeout(120_000);

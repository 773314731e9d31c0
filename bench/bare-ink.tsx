// The baseline the console's frames are measured against: a bare Ink app, bundled with the same
// options as the console (bench/run.mjs), that paints one bordered box at once and repaints a
// counter on every key. Nothing else loads: its first frame is what Ink itself costs.
import { Box, render, Text, useInput } from 'ink';
import React, { useState } from 'react';

function Bare(): React.ReactElement {
  const [n, setN] = useState(0);
  useInput((input) => {
    if (input === 'q') process.exit(0);
    setN((x) => x + 1);
  });
  return (
    <Box borderStyle="round" flexDirection="column">
      <Text>hello from a bare Ink app</Text>
      <Text>keys {n}</Text>
    </Box>
  );
}

render(<Bare />, { exitOnCtrlC: true, patchConsole: false });

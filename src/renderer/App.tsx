import { useEffect, useState } from 'react';
import { api } from './api.js';

export function App() {
  const [info, setInfo] = useState<string>('…');
  useEffect(() => {
    void api.call('app.info', {}).then((r) => setInfo(JSON.stringify(r)));
  }, []);
  return <main>Arnika {info}</main>;
}

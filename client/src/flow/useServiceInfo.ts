import { useEffect, useState } from 'react';
import type { ServiceInfoResponse } from '@regverify/shared';
import { readServiceInfo } from '../services/mp';

/**
 * What the server says about this deployment (the platforms live, FAQ 1, the 技术支持 QR code), so a
 * newly opened platform needs no new release; null until it answers (or if it cannot be reached).
 */
export function useServiceInfo(): ServiceInfoResponse | null {
  const [info, setInfo] = useState<ServiceInfoResponse | null>(null);
  useEffect(() => {
    let live = true;
    readServiceInfo().then(
      (answer) => live && setInfo(answer),
      () => undefined, // the page shows the manual's own words meanwhile
    );
    return () => {
      live = false;
    };
  }, []);
  return info;
}

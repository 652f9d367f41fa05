//! The social network: an undirected, spatially embedded small world in compressed
//! sparse-row form (MODEL.md §2). Built once, deterministically from the seed.

use rand::RngExt;
use rayon::prelude::*;

use super::city::City;
use crate::rng::{Stream, stream};
use crate::scenario::NetworkParams;

#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Ties of citizen i are `neighbours[offsets[i]..offsets[i + 1]]`.
    pub offsets: Vec<u64>,
    pub neighbours: Vec<u32>,
}

impl Network {
    pub fn ties(&self, i: usize) -> &[u32] {
        &self.neighbours[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    pub fn degree(&self, i: usize) -> usize {
        (self.offsets[i + 1] - self.offsets[i]) as usize
    }

    /// Each citizen draws `mean_degree / 2` ties (local with 1 − p_far, else anywhere);
    /// every tie is stored in both directions, so the mean degree is `mean_degree`.
    pub fn build(p: &NetworkParams, city: &City, home: &[u32], seed: u64) -> Network {
        let n = home.len();
        let per = (p.mean_degree / 2) as usize;
        if n < 2 || per == 0 {
            return Network { offsets: vec![0; n + 1], neighbours: Vec::new() };
        }
        // Draw the half-edges in parallel, one stream per citizen.
        let targets: Vec<u32> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let mut r = stream(seed, 0, Stream::Network, i as u64);
                let home_cell = home[i];
                (0..per).map(move |_| {
                    for _ in 0..8 {
                        let j = if r.random_bool(p.p_far) {
                            r.random_range(0..n as u32)
                        } else {
                            let c = city.random_near(home_cell, p.local_radius, &mut r) as usize;
                            let res = city.residents(c);
                            if res.is_empty() {
                                continue;
                            }
                            r.random_range(res)
                        };
                        if j as usize != i {
                            return j;
                        }
                    }
                    // Empty or tiny neighbourhoods: fall back to anyone else.
                    let j = r.random_range(0..n as u32 - 1);
                    if j as usize >= i { j + 1 } else { j }
                })
            })
            .collect();
        // Counting sort of both directions into CSR.
        let mut degree = vec![0u64; n + 1];
        for (k, &j) in targets.iter().enumerate() {
            degree[k / per] += 1;
            degree[j as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut acc = 0u64;
        for d in &degree[..n] {
            offsets.push(acc);
            acc += d;
        }
        offsets.push(acc);
        let mut fill = offsets[..n].to_vec();
        let mut neighbours = vec![0u32; acc as usize];
        for (k, &j) in targets.iter().enumerate() {
            let i = k / per;
            neighbours[fill[i] as usize] = j;
            fill[i] += 1;
            neighbours[fill[j as usize] as usize] = i as u32;
            fill[j as usize] += 1;
        }
        Network { offsets, neighbours }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{CityParams, default_crime_types};

    #[test]
    fn degree_symmetry_and_locality() {
        let cp = CityParams { width: 30, height: 30, population: 9000, ..CityParams::default() };
        let types = default_crime_types();
        let street: Vec<_> = types.iter().filter(|(_, t)| !t.online).collect();
        let city = City::build(&cp, None, 5, &street);
        let home: Vec<u32> =
            (0..city.cells()).flat_map(|c| city.residents(c).map(move |_| c as u32)).collect();
        let p = NetworkParams::default();
        let net = Network::build(&p, &city, &home, 5);
        let mean = net.neighbours.len() as f64 / home.len() as f64;
        assert!((mean - 20.0).abs() < 1e-9);
        // Undirected: j in ties(i) ⇔ i in ties(j).
        for i in (0..home.len()).step_by(97) {
            for &j in net.ties(i) {
                assert!(net.ties(j as usize).contains(&(i as u32)));
            }
        }
        // About 1 − p_far of ties are local (within radius 2).
        let local = (0..home.len())
            .flat_map(|i| net.ties(i).iter().map(move |&j| (i, j)))
            .filter(|&(i, j)| {
                let (a, b) = (city.xy(home[i]), city.xy(home[j as usize]));
                a.0.abs_diff(b.0) <= 2 && a.1.abs_diff(b.1) <= 2
            })
            .count() as f64
            / net.neighbours.len() as f64;
        assert!(local > 0.85, "{local}");
    }
}
